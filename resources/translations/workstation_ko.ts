<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ko_KR">
<context>
    <name></name>
    <message>
        <source>Importing the demo study…</source>
        <translation>데모 검사를 가져오는 중…</translation>
    </message>
    <message>
        <source>Demo import failed: %s</source>
        <translation>데모 가져오기 실패: %s</translation>
    </message>
</context>
<context>
    <name>DicomNodesDialog</name>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="17" />
        <source>DICOM nodes</source>
        <translation>DICOM 노드</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="28" />
        <source>New</source>
        <translation>새로 만들기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="29" />
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="30" />
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="31" />
        <source>Echo</source>
        <translation>에코</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="40" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="41" />
        <source>AE title</source>
        <translation>AE 타이틀</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="42" />
        <source>Host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="43" />
        <source>Port</source>
        <translation>포트</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="44" />
        <source>DICOMweb URL</source>
        <translation>DICOMweb 주소</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="45" />
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="46" />
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="57" />
        <source>This workstation</source>
        <translation>이 워크스테이션</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="62" />
        <source>Receive images (C-STORE) into the archive</source>
        <translation>영상 수신 (C-STORE) → 보관소</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="64" />
        <source>Apply</source>
        <translation>적용</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="67" />
        <source>Our AE title</source>
        <translation>이 장비의 AE 타이틀</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="68" />
        <source>Receive port</source>
        <translation>수신 포트</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="71" />
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="133" />
        <source>Not saved: %s</source>
        <translation>저장하지 않음: %s</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="136" />
        <source>Saved %s.</source>
        <translation>%s 저장됨.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="143" />
        <source>Delete node</source>
        <translation>노드 삭제</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="143" />
        <source>Delete %s?</source>
        <translation>%s 을(를) 삭제할까요?</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="154" />
        <source>Cannot echo: %s</source>
        <translation>에코 불가: %s</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="158" />
        <source>Echo %s…</source>
        <translation>%s 에코 중…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="160" />
        <source>Echo OK (%s ms)</source>
        <translation>에코 성공 (%s ms)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="161" />
        <source>Echo failed: %s</source>
        <translation>에코 실패: %s</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="169" />
        <source>Our AE title must be 1-16 characters.</source>
        <translation>AE 타이틀은 1-16자여야 합니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="178" />
        <source>Receiving as %1 on port %2.</source>
        <translation>%1 (포트 %2) 로 수신 중.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_nodes_dialog.py" line="182" />
        <source>Receive service not started (port in use?)</source>
        <translation>수신 서비스를 시작하지 못했습니다 (포트 사용 중?)</translation>
    </message>
</context>
<context>
    <name>DicomQueryDialog</name>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="24" />
        <source>Query/Retrieve</source>
        <translation>조회/가져오기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="34" />
        <source>e.g. KIM* (wildcards * ?)</source>
        <translation>예: KIM* (와일드카드 * ?)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="35" />
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="39" />
        <source>Patient</source>
        <translation>환자</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="39" />
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="61" />
        <source>Patient ID</source>
        <translation>환자 ID</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="39" />
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="40" />
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="68" />
        <source>Modality</source>
        <translation>모달리티</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="40" />
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="40" />
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="69" />
        <source>Accession</source>
        <translation>접수 번호</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="41" />
        <source>Images</source>
        <translation>영상 수</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="48" />
        <source>C-GET (direct)</source>
        <translation>C-GET (직접)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="49" />
        <source>C-MOVE (to our receive service)</source>
        <translation>C-MOVE (이 장비의 수신 서비스로)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="50" />
        <source>Retrieve selected study</source>
        <translation>선택한 검사 가져오기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="52" />
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="60" />
        <source>Node</source>
        <translation>노드</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="62" />
        <source>Patient name</source>
        <translation>환자 이름</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="67" />
        <source>Study date</source>
        <translation>검사 날짜</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="85" />
        <source>No DICOM node yet: add one under DICOM nodes.</source>
        <translation>DICOM 노드가 없습니다: DICOM 노드에서 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="106" />
        <source>Choose a node first.</source>
        <translation>먼저 노드를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="112" />
        <source>Check the search: %s</source>
        <translation>검색 조건을 확인하세요: %s</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="115" />
        <source>Searching %s…</source>
        <translation>%s 검색 중…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="130" />
        <source>Studies found: %1</source>
        <translation>찾은 검사: %1건</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="137" />
        <source>Select a study to retrieve.</source>
        <translation>가져올 검사를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="142" />
        <source>C-MOVE needs the receive service on (DICOM nodes → This workstation).</source>
        <translation>C-MOVE 에는 수신 서비스가 켜져 있어야 합니다 (DICOM 노드 → 이 워크스테이션).</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="152" />
        <source>Retrieving…</source>
        <translation>가져오는 중…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="159" />
        <source>Cancelled after %1 of %2 images; retrieve again to finish.</source>
        <translation>영상 %2장 중 %1장 후 취소됨; 다시 가져오면 이어서 받습니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="162" />
        <source>Retrieved: %1 new, %2 already here, %3 failed.</source>
        <translation>가져오기 완료: 새 영상 %1, 이미 있음 %2, 실패 %3.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="173" />
        <source>Retrieving… %1 / %2</source>
        <translation>가져오는 중… %1 / %2</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="180" />
        <source>Failed: %s</source>
        <translation>실패: %s</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dicom_query_dialog.py" line="193" />
        <source>Cancelling…</source>
        <translation>취소 중…</translation>
    </message>
</context>
<context>
    <name>ReceiveStatus</name>
    <message>
        <location filename="../../workstation/ui/receive_status.py" line="47" />
        <source>Receive service not started: %s</source>
        <translation>수신 서비스를 시작하지 못했습니다: %s</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/receive_status.py" line="78" />
        <source>Receive: off</source>
        <translation>수신: 꺼짐</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/receive_status.py" line="80" />
        <source>Receive: %1 on port %2 · %3 received</source>
        <translation>수신: %1 포트 %2 · %3건 받음</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../workstation/ui/help_dialog.py" line="17" />
        <source>Keyboard and mouse shortcuts</source>
        <translation>키보드 및 마우스 단축키</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/help_dialog.py" line="21" />
        <source>Key / mouse</source>
        <translation>키 / 마우스</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/help_dialog.py" line="21" />
        <source>Action</source>
        <translation>동작</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="22" />
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="27" />
        <source>From: %s</source>
        <translation>원본: %s</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="31" />
        <source>Looking for files…</source>
        <translation>파일 찾는 중…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="33" />
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="38" />
        <source>Problem</source>
        <translation>문제</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="38" />
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="38" />
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="58" />
        <source>Imported</source>
        <translation>가져옴</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="58" />
        <source>Duplicates (already in the archive)</source>
        <translation>중복 (이미 보관소에 있음)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="59" />
        <source>Not DICOM (skipped)</source>
        <translation>DICOM 아님 (건너뜀)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="59" />
        <source>Quarantined (same UID, other content)</source>
        <translation>격리됨 (같은 UID, 다른 내용)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="60" />
        <location filename="../../workstation/ui/import_dialog.py" line="113" />
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="60" />
        <source>Listed in DICOMDIR but missing</source>
        <translation>DICOMDIR 에 있으나 매체에 없음</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="85" />
        <source>Cancelling after the files in flight…</source>
        <translation>처리 중인 파일 후 취소 중…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="91" />
        <source>Looking for files… %1 found</source>
        <translation>파일 찾는 중… %1개 발견</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="94" />
        <source>%1 / %2 files · %3 MB/s · %4 left</source>
        <translation>%1 / %2 파일 · %3 MB/s · 남은 시간 %4</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="102" />
        <source>Cancelled: what was imported stays; import again to finish.</source>
        <translation>취소됨: 가져온 영상은 남아 있습니다; 다시 가져오면 마저 진행합니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="104" />
        <source>Import finished.</source>
        <translation>가져오기 완료.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="106" />
        <source>Import finished with problems (listed below).</source>
        <translation>가져오기 완료 (문제 목록은 아래).</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="113" />
        <source>Quarantined</source>
        <translation>격리됨</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="113" />
        <source>Missing</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/import_dialog.py" line="122" />
        <source>Import stopped: %s</source>
        <translation>가져오기 중단: %s</translation>
    </message>
</context>
<context>
    <name>Launch</name>
    <message>
        <location filename="../../workstation/app/launch.py" line="173" />
        <source>Cannot open the archive</source>
        <translation>보관소를 열 수 없습니다</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../workstation/app/main_window.py" line="27" />
        <location filename="../../workstation/app/main_window.py" line="108" />
        <source>Brain Tumor CDSS — Reading Workstation</source>
        <translation>뇌종양 CDSS — 판독 워크스테이션</translation>
    </message>
    <message>
        <location filename="../../workstation/app/main_window.py" line="136" />
        <source>Open a DICOM folder</source>
        <translation>DICOM 폴더 열기</translation>
    </message>
    <message>
        <location filename="../../workstation/app/main_window.py" line="152" />
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../workstation/app/main_window.py" line="153" />
        <source>Keyboard and mouse shortcuts</source>
        <translation>키보드 및 마우스 단축키</translation>
    </message>
    <message>
        <location filename="../../workstation/app/main_window.py" line="154" />
        <source>About…</source>
        <translation>정보…</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>Bundled libraries and their licences:</source>
        <translation>포함된 라이브러리와 라이선스:</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>라이브러리</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>라이선스</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/about_dialog.py" line="23" />
        <source>About</source>
        <translation>정보</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/about_dialog.py" line="24" />
        <source>Brain Tumor CDSS — Reading Workstation</source>
        <translation>뇌종양 CDSS — 판독 워크스테이션</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/about_dialog.py" line="25" />
        <source>Version %s</source>
        <translation>버전 %s</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <source>AI results (CDSS)</source>
        <translation>AI 결과 (CDSS)</translation>
    </message>
    <message>
        <location filename="../../workstation/app/main_window.py" line="55" />
        <source>Studies</source>
        <translation>검사 목록</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/mpr_panel.py" line="163" />
        <source>MPR / Priors</source>
        <translation>MPR / 이전 검사</translation>
    </message>
    <message>
        <location filename="../../workstation/app/panels.py" line="47" />
        <source>Measurements</source>
        <translation>측정</translation>
    </message>
    <message>
        <source>Worklist</source>
        <translation>작업 목록</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>판독 보고서</translation>
    </message>
    <message>
        <source>Patient history</source>
        <translation>환자 이력</translation>
    </message>
    <message>
        <source>Study tree</source>
        <translation>검사 트리</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>감사 로그</translation>
    </message>
    <message>
        <source>AI segmentation</source>
        <translation>AI 분할</translation>
    </message>
    <message>
        <source>Tumour volume</source>
        <translation>종양 부피</translation>
    </message>
    <message>
        <source>Segmentation 3D</source>
        <translation>3D 분할</translation>
    </message>
    <message>
        <source>Fusion</source>
        <translation>영상 융합</translation>
    </message>
</context>
<context>
    <name>MeasurementsPanel</name>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Select</source>
        <translation>선택</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Length</source>
        <translation>길이</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Angle</source>
        <translation>각도</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Ellipse</source>
        <translation>타원</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Freehand</source>
        <translation>자유곡선</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Point</source>
        <translation>점</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Arrow</source>
        <translation>화살표</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>RANO</source>
        <translation>RANO</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Key image</source>
        <translation>주요 영상</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>lesion name for RANO</source>
        <translation>RANO 병변 이름</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>target</source>
        <translation>표적</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>non-target</source>
        <translation>비표적</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Name lesion</source>
        <translation>병변 이름 지정</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>text of a point or arrow</source>
        <translation>점 또는 화살표 글</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Insert into report</source>
        <translation>판독문에 넣기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Name a lesion and measure it with RANO to track it across studies.</source>
        <translation>병변 이름을 정하고 RANO로 측정하면 검사 간 추적됩니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Open a series and type a lesion name first.</source>
        <translation>먼저 시리즈를 열고 병변 이름을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Key images are native slices: show the series in its own plane.</source>
        <translation>주요 영상은 원래 단면입니다: 시리즈를 획득 단면으로 보세요.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Key image marked: image %d</source>
        <translation>주요 영상 표시: 영상 %d</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Select the order in the worklist and measure on its study first.</source>
        <translation>먼저 워크리스트에서 오더를 선택하고 그 검사에서 측정하세요.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>The report cannot be edited (signed, or your role).</source>
        <translation>판독문을 수정할 수 없습니다 (서명됨 또는 권한 없음).</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/measurements_panel.py" line="1" />
        <source>Measurements inserted into the report draft.</source>
        <translation>측정값을 판독문 초안에 넣었습니다.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="13" />
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="15" />
        <source>System language</source>
        <translation>시스템 언어</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="18" />
        <source>Some panels change their language at the next start.</source>
        <translation>일부 패널은 다음 실행 시 언어가 바뀝니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="23" />
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="42"/>
        <source>empty: run M1 on this workstation</source>
        <translation>비워 두면: 이 워크스테이션에서 M1 실행</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="46"/>
        <source>GPU servers</source>
        <translation>GPU 서버</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="47"/>
        <source>CPU servers</source>
        <translation>CPU 서버</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="49"/>
        <source>AI inference queue (Redis) shared with the inference servers, e.g. redis://ai-server:6379/0</source>
        <translation>추론 서버와 공유하는 AI 추론 대기열(Redis), 예: redis://ai-server:6379/0</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="62"/>
        <source>AI inference broker</source>
        <translation>AI 추론 브로커</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="63"/>
        <source>AI inference queue</source>
        <translation>AI 추론 대기열</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="72"/>
        <source>Not a broker URL (%1); expected e.g. redis://host:6379/0</source>
        <translation>브로커 URL이 아닙니다 (%1). 예: redis://host:6379/0</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>DICOM tags of the shown image</source>
        <translation>보이는 영상의 DICOM 태그</translation>
    </message>
    <message>
        <source>Export the view as PNG/JPEG</source>
        <translation>화면을 PNG/JPEG로 내보내기</translation>
    </message>
    <message>
        <source>Export the image without texts and overlays</source>
        <translation>글자와 오버레이 없이 영상 내보내기</translation>
    </message>
    <message>
        <source>Copy the view to the clipboard</source>
        <translation>화면을 클립보드에 복사</translation>
    </message>
    <message>
        <source>Flag the shown image as a key image</source>
        <translation>보이는 영상을 주요 영상으로 표시</translation>
    </message>
    <message>
        <source>Images only: collapse the panels, again to bring them back</source>
        <translation>영상만 보기: 패널 접기, 다시 누르면 복원</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Back 10 slices</source>
        <translation>10 단면 뒤로</translation>
    </message>
    <message>
        <source>Cine faster</source>
        <translation>시네 빠르게</translation>
    </message>
    <message>
        <source>Cine slower</source>
        <translation>시네 느리게</translation>
    </message>
    <message>
        <source>Ctrl+Wheel</source>
        <translation>Ctrl+휠</translation>
    </message>
    <message>
        <source>Double-click</source>
        <translation>더블클릭</translation>
    </message>
    <message>
        <source>First slice</source>
        <translation>첫 단면</translation>
    </message>
    <message>
        <source>Fit image to viewport</source>
        <translation>영상을 화면에 맞춤</translation>
    </message>
    <message>
        <source>Flip left-right</source>
        <translation>좌우 뒤집기</translation>
    </message>
    <message>
        <source>Flip top-bottom</source>
        <translation>상하 뒤집기</translation>
    </message>
    <message>
        <source>Forward 10 slices</source>
        <translation>10 단면 앞으로</translation>
    </message>
    <message>
        <source>Interpolation: nearest / linear / cubic</source>
        <translation>보간: 최근접 / 선형 / 3차</translation>
    </message>
    <message>
        <source>Invert grey scale</source>
        <translation>흑백 반전</translation>
    </message>
    <message>
        <source>Last slice</source>
        <translation>마지막 단면</translation>
    </message>
    <message>
        <source>Left drag</source>
        <translation>왼쪽 드래그</translation>
    </message>
    <message>
        <source>Maximise this viewport / back to the grid</source>
        <translation>이 뷰포트 최대화 / 격자로 돌아가기</translation>
    </message>
    <message>
        <source>Middle drag / Shift+Left drag</source>
        <translation>가운데 드래그 / Shift+왼쪽 드래그</translation>
    </message>
    <message>
        <source>Next slice</source>
        <translation>다음 단면</translation>
    </message>
    <message>
        <source>Next time point (4D series)</source>
        <translation>다음 시점 (4D 시리즈)</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>이동</translation>
    </message>
    <message>
        <source>Previous slice</source>
        <translation>이전 단면</translation>
    </message>
    <message>
        <source>Previous time point (4D series)</source>
        <translation>이전 시점 (4D 시리즈)</translation>
    </message>
    <message>
        <source>Reset view (window, zoom, pan, rotation, flips)</source>
        <translation>보기 초기화 (창, 확대, 이동, 회전, 뒤집기)</translation>
    </message>
    <message>
        <source>Right drag</source>
        <translation>오른쪽 드래그</translation>
    </message>
    <message>
        <source>Rotate 90° clockwise</source>
        <translation>시계 방향 90° 회전</translation>
    </message>
    <message>
        <source>Rotate 90° counter-clockwise</source>
        <translation>반시계 방향 90° 회전</translation>
    </message>
    <message>
        <source>Scroll slices</source>
        <translation>단면 넘기기</translation>
    </message>
    <message>
        <source>Shift+Wheel</source>
        <translation>Shift+휠</translation>
    </message>
    <message>
        <source>Start/stop cine</source>
        <translation>시네 시작/정지</translation>
    </message>
    <message>
        <source>This help</source>
        <translation>이 도움말</translation>
    </message>
    <message>
        <source>Time points of a 4D series</source>
        <translation>4D 시리즈의 시점 넘기기</translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation>휠</translation>
    </message>
    <message>
        <source>Window preset 1-9 (CT: 1 brain 80/40, 2 subdural 200/75, 3 stroke 40/40, 4 bone 2800/600; MR: 1 file VOI, 2 automatic)</source>
        <translation>창 프리셋 1-9 (CT: 1 뇌 80/40, 2 경막하 200/75, 3 뇌졸중 40/40, 4 뼈 2800/600; MR: 1 파일 VOI, 2 자동)</translation>
    </message>
    <message>
        <source>Window/level: right = wider window, down = higher level</source>
        <translation>창 너비/중심: 오른쪽 = 넓은 창, 아래 = 높은 중심</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>확대</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>확대</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>축소</translation>
    </message>
    <message>
        <source>Zoom: up = zoom in</source>
        <translation>확대: 위 = 확대</translation>
    </message>
</context>
<context>
    <name>StartupSequence</name>
    <message>
        <source>Importing the demo study…</source>
        <translation>데모 검사를 가져오는 중…</translation>
    </message>
    <message>
        <source>Demo import failed: %s</source>
        <translation>데모 가져오기 실패: %s</translation>
    </message>
</context>
<context>
    <name>StudyBrowserWidget</name>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="102" />
        <source>Patient / study</source>
        <translation>환자 / 검사</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="102" />
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="102" />
        <source>Modality</source>
        <translation>장비</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="103" />
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="104" />
        <source>Double-click a study to open it; drag a series onto a viewport.</source>
        <translation>검사를 더블클릭하면 열립니다. 시리즈를 뷰포트로 끌어 놓으세요.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="132" />
        <source>(no name)</source>
        <translation>(이름 없음)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="137" />
        <source>(no description)</source>
        <translation>(설명 없음)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../workstation/ui/study_browser_widget.py" line="141" />
        <source>%n series</source>
        <translation>
            <numerusform>시리즈 %n개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="176" />
        <source>img</source>
        <translation>장</translation>
    </message>
    <message>
        <source>Search name, ID, date, description…</source>
        <translation>이름, ID, 날짜, 설명 검색…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Only studies with this modality</source>
        <translation>이 장비 종류의 검사만</translation>
    </message>
</context>
<context>
    <name>SyncConflictsDialog</name>
    <message>
        <location filename="../../workstation/ui/sync_conflicts_dialog.py" line="22" />
        <source>Sync conflicts</source>
        <translation>동기화 충돌</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_conflicts_dialog.py" line="30" />
        <source>Keep mine</source>
        <translation>내 것 유지</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_conflicts_dialog.py" line="31" />
        <source>Take theirs</source>
        <translation>서버 것 받기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_conflicts_dialog.py" line="34" />
        <source>No conflicts: every change reached the CDSS or is waiting to be sent.</source>
        <translation>충돌 없음: 모든 변경이 CDSS 에 반영되었거나 전송 대기 중입니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_conflicts_dialog.py" line="38" />
        <source>My version (this workstation)</source>
        <translation>내 버전 (이 워크스테이션)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_conflicts_dialog.py" line="39" />
        <source>Server version (CDSS)</source>
        <translation>서버 버전 (CDSS)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_conflicts_dialog.py" line="46" />
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_conflicts_dialog.py" line="93" />
        <source>Not settled: %s</source>
        <translation>해결하지 못함: %s</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="41" />
        <source>Sync: off</source>
        <translation>동기화: 꺼짐</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="42" />
        <source>Set the CDSS server and your token in Sync settings</source>
        <translation>동기화 설정에서 CDSS 서버와 토큰을 입력하세요</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="62" />
        <source>Sync: cannot start (%s)</source>
        <translation>동기화: 시작할 수 없음 (%s)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="71" />
        <location filename="../../workstation/ui/sync_status.py" line="93" />
        <source>Sync: connecting…</source>
        <translation>동기화: 연결 중…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="95" />
        <location filename="../../workstation/ui/sync_status.py" line="121" />
        <source>Sync: %s</source>
        <translation>동기화: %s</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="99" />
        <source>online</source>
        <translation>온라인</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="99" />
        <source>offline</source>
        <translation>오프라인</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="101" />
        <source>1 change waiting</source>
        <translation>변경 1건 대기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="102" />
        <source>%1 changes waiting</source>
        <translation>변경 %1건 대기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="104" />
        <source>1 conflict to resolve</source>
        <translation>해결할 충돌 1건</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="105" />
        <source>%1 conflicts to resolve</source>
        <translation>해결할 충돌 %1건</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="107" />
        <source>%1 refused</source>
        <translation>거부 %1건</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="108" />
        <source>last sync %s UTC</source>
        <translation>마지막 동기화 %s UTC</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_status.py" line="109" />
        <source>never synced</source>
        <translation>동기화한 적 없음</translation>
    </message>
</context>
<context>
    <name>SyncSettingsDialog</name>
    <message>
        <location filename="../../workstation/ui/sync_settings_dialog.py" line="15" />
        <source>Sync settings</source>
        <translation>동기화 설정</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_settings_dialog.py" line="20" />
        <source>API token</source>
        <translation>API 토큰</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_settings_dialog.py" line="21" />
        <source>Forget the saved token</source>
        <translation>저장된 토큰 삭제</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_settings_dialog.py" line="27" />
        <source>CDSS server</source>
        <translation>CDSS 서버</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/sync_settings_dialog.py" line="28" />
        <source>Token</source>
        <translation>토큰</translation>
    </message>
</context>
<context>
    <name>ViewerController</name>
    <message>
        <location filename="../../workstation/app/viewer_controller.py" line="78" />
        <source>This study has no images in the archive.</source>
        <extracomment>the layout a study opens in, by number of series</extracomment>
        <translation>이 검사는 보관소에 영상이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/app/viewer_controller.py" line="93" />
        <source>No files for this series in the archive.</source>
        <translation>이 시리즈의 파일이 보관소에 없습니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/app/viewer_controller.py" line="140" />
        <source>Opening series…</source>
        <translation>시리즈를 여는 중…</translation>
    </message>
    <message>
        <location filename="../../workstation/app/viewer_controller.py" line="203" />
        <source>Series loaded.</source>
        <translation>시리즈를 불러왔습니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/app/viewer_controller.py" line="213" />
        <source>Cannot open the series: %s</source>
        <translation>시리즈를 열 수 없습니다: %s</translation>
    </message>
</context>
<context>
    <name>ViewerToolBar</name>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="22" />
        <location filename="../../workstation/ui/viewer_toolbar.py" line="59" />
        <source>Viewer</source>
        <translation>뷰어</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="61" />
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="61" />
        <source>Open DICOM files or a folder</source>
        <translation>DICOM 파일 또는 폴더 열기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="62" />
        <source>Preset 1</source>
        <translation>프리셋 1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="62" />
        <source>CT: brain 80/40 · MR: the file's window (key 1)</source>
        <translation>CT: 뇌 80/40 · MR: 파일의 창 설정 (키 1)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="63" />
        <source>Preset 2</source>
        <translation>프리셋 2</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="63" />
        <source>CT: subdural 200/75 · MR: automatic window (key 2)</source>
        <translation>CT: 경막하 200/75 · MR: 자동 창 설정 (키 2)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="64" />
        <source>Stroke</source>
        <translation>뇌졸중</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="64" />
        <source>CT: stroke 40/40 (key 3)</source>
        <translation>CT: 뇌졸중 40/40 (키 3)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="65" />
        <source>Bone</source>
        <translation>뼈</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="65" />
        <source>CT: bone 2800/600 (key 4)</source>
        <translation>CT: 뼈 2800/600 (키 4)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="66" />
        <source>Invert</source>
        <translation>반전</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="66" />
        <source>Invert grey scale (I)</source>
        <translation>흑백 반전 (I)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="67" />
        <source>Rotate</source>
        <translation>회전</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="67" />
        <source>Rotate 90° clockwise (R)</source>
        <translation>시계 방향 90° 회전 (R)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="68" />
        <source>Flip H</source>
        <translation>좌우 뒤집기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="68" />
        <source>Flip left-right (H)</source>
        <translation>좌우 뒤집기 (H)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="69" />
        <source>Flip V</source>
        <translation>상하 뒤집기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="69" />
        <source>Flip top-bottom (V)</source>
        <translation>상하 뒤집기 (V)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="70" />
        <source>Fit</source>
        <translation>맞춤</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="70" />
        <source>Fit to viewport (F)</source>
        <translation>화면에 맞춤 (F)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="71" />
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="71" />
        <source>Reset the view (Esc)</source>
        <translation>보기 초기화 (Esc)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="72" />
        <source>Cine</source>
        <translation>시네</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="72" />
        <source>Start/stop cine (Space)</source>
        <translation>시네 시작/정지 (Space)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="73" />
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="73" />
        <source>Language and display settings</source>
        <translation>언어 및 표시 설정</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="74" />
        <source>Help</source>
        <translation>도움말</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="74" />
        <source>Keyboard shortcuts (F1)</source>
        <translation>키보드 단축키 (F1)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="78" />
        <source>Layout %s</source>
        <translation>화면 배치 %s</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="82" />
        <source> fps</source>
        <translation> fps</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="83" />
        <source>Cine frame rate</source>
        <translation>시네 프레임 속도</translation>
    </message>
</context>
<context>
    <name>Viewport</name>
    <message>
        <source>Im</source>
        <translation>영상</translation>
    </message>
    <message>
        <source>T</source>
        <translation>시점</translation>
    </message>
    <message>
        <source>Loc</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>확대</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>불러오는 중</translation>
    </message>
    <message>
        <source>Patient (LPS)</source>
        <translation>환자 좌표 (LPS)</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>No patient geometry</source>
        <translation>환자 좌표 정보 없음</translation>
    </message>
</context>
<context>
    <name>WindowServices</name>
    <message>
        <location filename="../../workstation/app/integration.py" line="73" />
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="74" />
        <source>&amp;Sync</source>
        <translation>동기화(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="75" />
        <source>&amp;DICOM</source>
        <translation>DICOM(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="77" />
        <source>Import…</source>
        <translation>가져오기…</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="77" />
        <source>Import a folder (CD, USB) into the archive</source>
        <translation>폴더(CD, USB)를 보관소로 가져오기</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="78" />
        <source>Import zip…</source>
        <translation>zip 가져오기…</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="78" />
        <source>Import a zip file into the archive</source>
        <translation>zip 파일을 보관소로 가져오기</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="79" />
        <source>Import CD (DICOMDIR)…</source>
        <translation>CD 가져오기 (DICOMDIR)…</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="79" />
        <source>Import the studies a DICOMDIR lists</source>
        <translation>DICOMDIR 에 있는 검사 가져오기</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="80" />
        <source>Sync now</source>
        <translation>지금 동기화</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="80" />
        <source>Send waiting changes to the CDSS and fetch new orders</source>
        <translation>대기 중인 변경을 CDSS 로 보내고 새 오더를 받습니다</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="81" />
        <source>Conflicts…</source>
        <translation>충돌…</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="81" />
        <source>Changes the CDSS refused because they were edited there too</source>
        <translation>CDSS 에서도 수정되어 거부된 변경</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="82" />
        <source>Sync settings…</source>
        <translation>동기화 설정…</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="82" />
        <source>CDSS server and your token</source>
        <translation>CDSS 서버와 토큰</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="83" />
        <source>Query/Retrieve…</source>
        <translation>조회/가져오기…</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="83" />
        <source>Search a PACS and retrieve studies</source>
        <translation>PACS 를 검색하고 검사를 가져옵니다</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="84" />
        <source>DICOM nodes…</source>
        <translation>DICOM 노드…</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="84" />
        <source>Remote nodes, our AE title and receive port</source>
        <translation>원격 노드, 이 장비의 AE 타이틀과 수신 포트</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="85" />
        <source>Receive images</source>
        <translation>영상 수신</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="85" />
        <source>Run the DICOM receive service (C-STORE)</source>
        <translation>DICOM 수신 서비스 (C-STORE) 실행</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="97" />
        <source>Import a folder</source>
        <translation>폴더 가져오기</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="102" />
        <source>Import zip files</source>
        <translation>zip 파일 가져오기</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="103" />
        <source>Zip or CD image (*.zip *.iso);;All files (*)</source>
        <translation>Zip 또는 CD 이미지 (*.zip *.iso);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="108" />
        <source>Import a CD</source>
        <translation>CD 가져오기</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="109" />
        <source>DICOMDIR (DICOMDIR dicomdir);;All files (*)</source>
        <translation>DICOMDIR (DICOMDIR dicomdir);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../workstation/app/integration.py" line="118" />
        <source>No archive is open.</source>
        <translation>열린 보관소가 없습니다.</translation>
    </message>
</context>
<context>
    <name>AiDisclaimer</name>
    <message>
        <location filename="../../workstation/ui/ai_disclaimer.py" line="11" />
        <source>Trained on synthetic data — not for clinical use</source>
        <translation>합성 데이터로 학습됨 — 임상용 아님</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/ai_disclaimer.py" line="12" />
        <source>Not for clinical use</source>
        <translation>임상용 아님</translation>
    </message>
</context>
<context>
    <name>AiOverlayPanel</name>
    <message>
        <source>Outline</source>
        <translation>윤곽선</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>히트맵</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>표시</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>불투명도</translation>
    </message>
    <message>
        <source>Total: %.1f mL</source>
        <translation>합계: %.1f mL</translation>
    </message>
    <message>
        <source>probability map</source>
        <translation>확률 맵</translation>
    </message>
    <message>
        <source>label map</source>
        <translation>레이블 맵</translation>
    </message>
    <message>
        <source>edited version</source>
        <translation>수정본</translation>
    </message>
    <message>
        <source>No segmentation over this viewport. Open a study with a SEG, drop a SEG series on a viewport, or run M1.</source>
        <translation>이 뷰포트에 분할이 없습니다. SEG가 있는 검사를 열거나, SEG 시리즈를 뷰포트에 놓거나, M1을 실행하십시오.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/ai_overlay_panel.py" line="135" />
        <source>%s — %.1f mL</source>
        <translation>%s — %.1f mL</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/ai_overlay_panel.py" line="137" />
        <source>, mean p %.2f</source>
        <translation>, 평균 확률 %.2f</translation>
    </message>
</context>
<context>
    <name>AiQueueStatus</name>
    <message>
        <location filename="../../workstation/ui/status_bar.py" line="71"/>
        <source>Waiting and running AI jobs on the inference servers; jobs finished per minute over the last %1 minutes</source>
        <translation>추론 서버에서 대기 중이거나 실행 중인 AI 작업; 최근 %1분 동안 분당 완료된 작업 수</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/status_bar.py" line="78"/>
        <source>AI queue: unreachable (%1)</source>
        <translation>AI 대기열: 연결할 수 없음 (%1)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/status_bar.py" line="79"/>
        <source>AI queue: %1 waiting · %2 running · %3 jobs/min</source>
        <translation>AI 대기열: 대기 %1 · 실행 %2 · 분당 %3건</translation>
    </message>
</context>
<context>
    <name>AiReviewWidget</name>
    <message>
        <source>Comment (required to reject)</source>
        <translation>의견 (거부 시 필수)</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>거부</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>편집</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>브러시</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>지우개</translation>
    </message>
    <message>
        <source>Run M1 on this study</source>
        <translation>이 검사에 M1 실행</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Not reviewed yet</source>
        <translation>아직 검토하지 않음</translation>
    </message>
    <message>
        <source>M1 cancelled; nothing stored.</source>
        <translation>M1 취소됨. 저장된 것이 없습니다.</translation>
    </message>
    <message>
        <source>Starting M1…</source>
        <translation>M1 시작 중…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소 중…</translation>
    </message>
    <message>
        <source>M1 done: %s</source>
        <translation>M1 완료: %s</translation>
    </message>
    <message>
        <source>ACCEPTED</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>REJECTED</source>
        <translation>거부</translation>
    </message>
    <message>
        <source>%s by %s %s UTC</source>
        <translation>%s (검토자 %s, %s UTC)</translation>
    </message>
    <message>
        <source> (edited)</source>
        <translation> (편집됨)</translation>
    </message>
    <message>
        <source>say why the segmentation is rejected (a comment is required)</source>
        <translation>분할을 거부하는 이유를 적어 주세요 (의견 필수)</translation>
    </message>
</context>
<context>
    <name>FusionPanel</name>
    <message>
        <source>Fuse over the active viewport</source>
        <translation>활성 뷰포트에 융합</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Series of the same patient</source>
        <translation>같은 환자의 시리즈</translation>
    </message>
    <message>
        <source>Colour map</source>
        <translation>컬러 맵</translation>
    </message>
    <message>
        <source>Blend</source>
        <translation>혼합</translation>
    </message>
    <message>
        <source>Reading the series…</source>
        <translation>시리즈를 읽는 중…</translation>
    </message>
    <message>
        <source>Fusion cancelled.</source>
        <translation>융합이 취소되었습니다.</translation>
    </message>
    <message>
        <source>Cannot register the series: %s</source>
        <translation>시리즈를 정합할 수 없습니다: %s</translation>
    </message>
    <message>
        <source>registered (rigid)</source>
        <translation>정합됨 (강체)</translation>
    </message>
    <message>
        <source>same frame of reference</source>
        <translation>같은 기준 좌표계</translation>
    </message>
    <message>
        <source>Fused: %s — %s</source>
        <translation>융합됨: %s — %s</translation>
    </message>
</context>
<context>
    <name>SegOverlayManager</name>
    <message>
        <source>Cannot list the study's segmentations: %s</source>
        <translation>검사의 분할 목록을 가져올 수 없습니다: %s</translation>
    </message>
    <message>
        <source>Not a DICOM segmentation: %s</source>
        <translation>DICOM 분할이 아닙니다: %s</translation>
    </message>
    <message>
        <source>Segmentation shown: %s</source>
        <translation>표시된 분할: %s</translation>
    </message>
    <message>
        <source>Open the segmented series in this viewport first, then drop the segmentation on it.</source>
        <translation>먼저 분할된 시리즈를 이 뷰포트에 연 다음 분할을 놓으십시오.</translation>
    </message>
    <message>
        <source>This segmentation lies in another frame of reference than the series shown; open its source series.</source>
        <translation>이 분할은 표시된 시리즈와 다른 기준 좌표계에 있습니다. 원본 시리즈를 여십시오.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/ai_overlay_manager.py" line="184" />
        <source>probability</source>
        <translation>확률</translation>
    </message>
</context>
<context>
    <name>Segmentation3DPanel</name>
    <message>
        <source>No segmentation over the active viewport.</source>
        <translation>활성 뷰포트에 분할이 없습니다.</translation>
    </message>
    <message>
        <source>Front</source>
        <translation>앞</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>위</translation>
    </message>
    <message>
        <source>Left side</source>
        <translation>왼쪽</translation>
    </message>
    <message>
        <source>shell: %s. Drag to rotate, click a surface to move the 3D cursor there.</source>
        <translation>표면: %s. 끌어서 회전하고, 표면을 클릭하면 3D 커서가 그곳으로 이동합니다.</translation>
    </message>
</context>
<context>
    <name>TagViewerDialog</name>
    <message>
        <source>DICOM tags — %s</source>
        <translation>DICOM 태그 — %s</translation>
    </message>
    <message>
        <source>Search tag, name or value…</source>
        <translation>태그, 이름 또는 값 검색…</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>VR</source>
        <translation>VR</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>%1 of %2 elements</source>
        <translation>요소 %2개 중 %1개</translation>
    </message>
    <message>
        <source>Item %s</source>
        <translation>항목 %s</translation>
    </message>
    <message>
        <source>Private creator: %s</source>
        <translation>사설 태그 작성자: %s</translation>
    </message>
</context>
<context>
    <name>TumourVolumePanel</name>
    <message>
        <source>Tumour volume over time — patient %s</source>
        <translation>시간에 따른 종양 부피 — 환자 %s</translation>
    </message>
    <message>
        <source>From each study's accepted segmentation. Genetic (MG) and multimodal (MM) model results from the CDSS are in the 'AI results (CDSS)' panel.</source>
        <translation>각 검사의 승인된 분할에서 계산합니다. CDSS의 유전체(MG) 및 다중 모달(MM) 모델 결과는 'AI 결과 (CDSS)' 패널에 있습니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/ai_volume_plot.py" line="146" />
        <source>Source of each study&apos;s volumes: %s</source>
        <translation>각 검사 부피의 출처: %s</translation>
    </message>
</context>
<context>
    <name>TumourVolumePlot</name>
    <message>
        <source>No accepted segmentation for this patient yet</source>
        <translation>이 환자의 승인된 분할이 아직 없습니다</translation>
    </message>
    <message>
        <source>RANO sum of products (mm²), target lesions: %s</source>
        <translation>RANO 수직 직경 곱의 합 (mm²), 표적 병변: %s</translation>
    </message>
</context>
<context>
    <name>BrowserMenu</name>
    <message>
        <source>Compare with current</source>
        <translation>현재 영상과 비교</translation>
    </message>
    <message>
        <source>Export failed: %s</source>
        <translation>내보내기 실패: %s</translation>
    </message>
    <message>
        <source>Export the study to a folder</source>
        <translation>검사를 폴더로 내보내기</translation>
    </message>
    <message>
        <source>Exported %1 instances to %2</source>
        <translation>인스턴스 %1개를 %2(으)로 내보냈습니다</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>No DICOM node is configured (DICOM → DICOM nodes…).</source>
        <translation>설정된 DICOM 노드가 없습니다 (DICOM → DICOM 노드…).</translation>
    </message>
    <message>
        <source>No file for this item in the archive.</source>
        <translation>보관소에 이 항목의 파일이 없습니다.</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>노드:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Open in a new viewport</source>
        <translation>새 뷰포트에서 열기</translation>
    </message>
    <message>
        <source>Send failed: %s</source>
        <translation>전송 실패: %s</translation>
    </message>
    <message>
        <source>Send to DICOM node</source>
        <translation>DICOM 노드로 전송</translation>
    </message>
    <message>
        <source>Send to DICOM node…</source>
        <translation>DICOM 노드로 전송…</translation>
    </message>
    <message>
        <source>Sent %1 of %2 files to %3</source>
        <translation>파일 %2개 중 %1개를 %3(으)로 전송했습니다</translation>
    </message>
    <message>
        <source>Show DICOM tags</source>
        <translation>DICOM 태그 보기</translation>
    </message>
    <message>
        <source>This study has no images in the archive.</source>
        <translation>보관소에 이 검사의 영상이 없습니다.</translation>
    </message>
</context>
<context>
    <name>ImageMenu</name>
    <message>
        <source>&amp;Image</source>
        <translation>영상(&amp;I)</translation>
    </message>
    <message>
        <source>Copy view to clipboard</source>
        <translation>화면을 클립보드에 복사</translation>
    </message>
    <message>
        <source>Could not save the view to %s</source>
        <translation>화면을 %s에 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>DICOM tags of this image…</source>
        <translation>이 영상의 DICOM 태그…</translation>
    </message>
    <message>
        <source>Export image without texts and overlays…</source>
        <translation>글자와 오버레이 없이 영상 내보내기…</translation>
    </message>
    <message>
        <source>Export the view</source>
        <translation>화면 내보내기</translation>
    </message>
    <message>
        <source>Export view as PNG/JPEG…</source>
        <translation>화면을 PNG/JPEG로 내보내기…</translation>
    </message>
    <message>
        <source>Flag as key image</source>
        <translation>주요 영상으로 표시</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>영상 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Key image flagged</source>
        <translation>주요 영상으로 표시했습니다</translation>
    </message>
    <message>
        <source>Key images are kept with the study in the archive: none is open.</source>
        <translation>주요 영상은 보관소의 검사와 함께 저장됩니다: 열린 보관소가 없습니다.</translation>
    </message>
    <message>
        <source>Not flagged: %s</source>
        <translation>표시하지 못함: %s</translation>
    </message>
    <message>
        <source>View copied to the clipboard</source>
        <translation>화면을 클립보드에 복사했습니다</translation>
    </message>
    <message>
        <source>View saved: %s</source>
        <translation>화면 저장됨: %s</translation>
    </message>
</context>
<context>
    <name>MprPanel</name>
    <message>
        <source>Compare with prior…</source>
        <translation>이전 검사와 비교…</translation>
    </message>
    <message>
        <source>Link viewports by patient position</source>
        <translation>환자 위치로 뷰포트 연동</translation>
    </message>
    <message>
        <source>MPR</source>
        <translation>MPR</translation>
    </message>
    <message>
        <source>MPR needs a volume: this series has a single slice.</source>
        <translation>MPR에는 볼륨이 필요합니다: 이 시리즈는 단면이 하나뿐입니다.</translation>
    </message>
    <message>
        <source>MPR of the active series</source>
        <translation>활성 시리즈의 MPR</translation>
    </message>
    <message>
        <source>Open a series in the active viewport first.</source>
        <translation>먼저 활성 뷰포트에 시리즈를 여십시오.</translation>
    </message>
    <message>
        <source>Open the current series in the active viewport and the prior in another one.</source>
        <translation>현재 시리즈는 활성 뷰포트에, 이전 검사는 다른 뷰포트에 여십시오.</translation>
    </message>
    <message>
        <source>Prior (series in another viewport):</source>
        <translation>이전 검사 (다른 뷰포트의 시리즈):</translation>
    </message>
    <message>
        <source>Prior comparison</source>
        <translation>이전 검사 비교</translation>
    </message>
    <message>
        <source>Scrolling moves the other viewports to the same place; Shift + move sets the 3D cursor; reference lines show the other viewports' planes.</source>
        <translation>스크롤하면 다른 뷰포트도 같은 위치로 이동합니다. Shift + 이동으로 3D 커서를 놓고, 참조선은 다른 뷰포트의 평면을 보여 줍니다.</translation>
    </message>
</context>
<context>
    <name>MprView</name>
    <message>
        <source>Axial</source>
        <translation>축상면</translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation>시상면</translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation>관상면</translation>
    </message>
    <message>
        <source>Thin</source>
        <translation>얇은 단면</translation>
    </message>
    <message>
        <source>MIP</source>
        <translation>MIP</translation>
    </message>
    <message>
        <source>MinIP</source>
        <translation>MinIP</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>평균</translation>
    </message>
    <message>
        <source>Cursor (LPS)</source>
        <translation>커서 (LPS)</translation>
    </message>
    <message>
        <source> (oblique)</source>
        <translation> (경사)</translation>
    </message>
    <message>
        <source>Reset obliques</source>
        <translation>경사 초기화</translation>
    </message>
    <message>
        <source>Slab</source>
        <translation>슬랩</translation>
    </message>
</context>
<context>
    <name>PriorsView</name>
    <message>
        <source>Accept</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>현재</translation>
    </message>
    <message>
        <source>Different frame of reference: register to link</source>
        <translation>기준 좌표계가 다름: 연동하려면 정합하십시오</translation>
    </message>
    <message>
        <source>Kept registration from {0} ({1})</source>
        <translation>{0}의 정합 유지 ({1})</translation>
    </message>
    <message>
        <source>Nudge prior</source>
        <translation>이전 검사 미세 조정</translation>
    </message>
    <message>
        <source>Nudged; accept to keep it</source>
        <translation>미세 조정됨. 유지하려면 승인하십시오</translation>
    </message>
    <message>
        <source>Prior</source>
        <translation>이전 검사</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>정합</translation>
    </message>
    <message>
        <source>Registered in {0:.1f} s; check, nudge and accept</source>
        <translation>{0:.1f}초 만에 정합됨. 확인하고 조정한 뒤 승인하십시오</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>정합 중…</translation>
    </message>
    <message>
        <source>Registration accepted and kept</source>
        <translation>정합을 승인하여 유지합니다</translation>
    </message>
    <message>
        <source>Registration cancelled</source>
        <translation>정합이 취소되었습니다</translation>
    </message>
    <message>
        <source>Registration failed: {0}</source>
        <translation>정합 실패: {0}</translation>
    </message>
    <message>
        <source>Same frame of reference: linked directly</source>
        <translation>같은 기준 좌표계: 바로 연동됨</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>승인됨</translation>
    </message>
    <message>
        <source>not yet accepted</source>
        <translation>아직 승인되지 않음</translation>
    </message>
</context>
<context>
    <name>ViewMenu</name>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>Images only (collapse the panels)</source>
        <translation>영상만 보기 (패널 접기)</translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>패널</translation>
    </message>
    <message>
        <source>Show panels</source>
        <translation>패널 보이기</translation>
    </message>
</context>
<context>
    <name>AiResultsPanel</name>
    <message>
        <source>Read-only: results of the CDSS's AI models for this patient.</source>
        <translation>읽기 전용: 이 환자에 대한 CDSS AI 모델의 결과입니다.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>요청 시각</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>검토</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Genetic (MG)</source>
        <translation>유전체 (MG)</translation>
    </message>
    <message>
        <source>Multimodal (MM)</source>
        <translation>다중 모달 (MM)</translation>
    </message>
    <message>
        <source>MRI segmentation (M1)</source>
        <translation>MRI 분할 (M1)</translation>
    </message>
    <message>
        <source>not reviewed</source>
        <translation>검토 전</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>승인됨</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>거부됨</translation>
    </message>
    <message>
        <source>Patient: %s</source>
        <translation>환자: %s</translation>
    </message>
    <message>
        <source>No patient open</source>
        <translation>열린 환자 없음</translation>
    </message>
    <message>
        <source>Fetching the AI results…</source>
        <translation>AI 결과를 가져오는 중…</translation>
    </message>
    <message>
        <source>Trained on synthetic data — not for clinical use</source>
        <translation>합성 데이터로 학습됨 — 임상용 아님</translation>
    </message>
    <message>
        <source>Not a CDSS patient: the CDSS has no AI results for this patient.</source>
        <translation>CDSS 환자가 아닙니다: CDSS에 이 환자의 AI 결과가 없습니다.</translation>
    </message>
    <message>
        <source>The sync with the CDSS is off: no AI results.</source>
        <translation>CDSS 동기화가 꺼져 있습니다: AI 결과 없음.</translation>
    </message>
    <message>
        <source>Offline — showing the results last fetched (%s)</source>
        <translation>오프라인 — 마지막으로 가져온 결과를 표시합니다 (%s)</translation>
    </message>
    <message>
        <source>No AI results for this patient.</source>
        <translation>이 환자의 AI 결과가 없습니다.</translation>
    </message>
    <message>
        <source>Results: %s</source>
        <translation>결과: %s</translation>
    </message>
</context>
</TS>