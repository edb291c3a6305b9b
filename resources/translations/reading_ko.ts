<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
  <context>
    <name>AuditViewerPanel</name>
    <message>
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="16" />
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="22" />
      <source>User</source>
      <translation>사용자</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="17" />
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="22" />
      <source>Action</source>
      <translation>작업</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="18" />
      <source>Refresh</source>
      <translation>새로 고침</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="19" />
      <source>Export CSV…</source>
      <translation>CSV 내보내기…</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="22" />
      <source>Time (UTC)</source>
      <translation>시각 (UTC)</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="23" />
      <source>Target</source>
      <translation>대상</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="23" />
      <source>Patient</source>
      <translation>환자</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="23" />
      <source>Detail</source>
      <translation>세부 내용</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="24" />
      <source>Workstation</source>
      <translation>워크스테이션</translation>
    </message>
    <message numerus="yes">
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="57" />
      <source>%n entries</source>
      <translation>
        <numerusform>%n건</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="67" />
      <source>Export audit log</source>
      <translation>감사 기록 내보내기</translation>
    </message>
    <message numerus="yes">
      <location filename="../../workstation/ui/reading/audit_viewer_panel.py" line="70" />
      <source>%n audit entries exported.</source>
      <translation>
        <numerusform>감사 기록 %n건을 내보냈습니다.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>HistoryPanel</name>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="32" />
      <source>Patient</source>
      <translation>환자</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="33" />
      <source>Patient number</source>
      <translation>환자번호</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="34" />
      <source>Age / sex</source>
      <translation>나이 / 성별</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="37" />
      <source>Date</source>
      <translation>검사일</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="37" />
      <source>Modality</source>
      <translation>검사 종류</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="37" />
      <source>Body part</source>
      <translation>검사 부위</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="38" />
      <source>Description</source>
      <translation>설명</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="38" />
      <source>Reading</source>
      <translation>판독 상태</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="38" />
      <source>Comparison</source>
      <translation>비교</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="41" />
      <source>Compare with prior</source>
      <translation>이전 검사와 비교</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="43" />
      <source>Open prior images</source>
      <translation>이전 영상 열기</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="76" />
      <source>current</source>
      <translation>현재</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="77" />
      <source>prior ★</source>
      <translation>이전 ★</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/history_panel.py" line="78" />
      <source>prior</source>
      <translation>이전</translation>
    </message>
    <message>
      <source>no order</source>
      <translation>처방 없음</translation>
    </message>
    <message>
      <source>local (archive)</source>
      <translation>로컬 (아카이브)</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <location filename="../../workstation/ui/reading/login_dialog.py" line="13" />
      <source>Log in</source>
      <translation>로그인</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/login_dialog.py" line="21" />
      <source>User name</source>
      <translation>사용자 이름</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/login_dialog.py" line="22" />
      <source>Password</source>
      <translation>비밀번호</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/login_dialog.py" line="35" />
      <source>Wrong user name or password.</source>
      <translation>사용자 이름 또는 비밀번호가 틀렸습니다.</translation>
    </message>
  </context>
  <context>
    <name>Panels</name>
    <message>
      <location filename="../../workstation/ui/reading/panels.py" line="130" />
      <source>Worklist</source>
      <translation>워크리스트</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/panels.py" line="131" />
      <source>Report</source>
      <translation>판독문</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/panels.py" line="132" />
      <source>Patient history</source>
      <translation>환자 검사 이력</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/panels.py" line="133" />
      <source>Study tree</source>
      <translation>검사 구조</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/panels.py" line="134" />
      <source>Audit log</source>
      <translation>감사 기록</translation>
    </message>
  </context>
  <context>
    <name>ReadingHub</name>
    <message>
      <location filename="../../workstation/ui/reading/hub.py" line="40" />
      <location filename="../../workstation/ui/reading/hub.py" line="55" />
      <source>Your role may not open images.</source>
      <translation>현재 역할로는 영상을 열 수 없습니다.</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/hub.py" line="48" />
      <source>The study is not in the local archive: %s</source>
      <translation>검사가 로컬 저장소에 없습니다: %s</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/hub.py" line="50" />
      <source>Opened the study of order %d.</source>
      <translation>오더 %d의 검사를 열었습니다.</translation>
    </message>
    <message>
      <source>NOT THE PATIENT OF THE REPORT: %s (%s) %s</source>
      <translation>판독 환자가 아님: %s (%s) %s</translation>
    </message>
    <message>
      <source>%s: not in this study</source>
      <translation>%s: 이 검사에 없음</translation>
    </message>
    <message>
      <source>Hanging protocol %1, stage %2</source>
      <translation>행잉 프로토콜 %1, 단계 %2</translation>
    </message>
    <message>
      <source>Open the current study first.</source>
      <translation>현재 검사를 먼저 여십시오.</translation>
    </message>
    <message>
      <source>A prior must be a study of the same patient.</source>
      <translation>이전 검사는 같은 환자의 검사여야 합니다.</translation>
    </message>
    <message>
      <source>The prior study is not in the local archive: %s</source>
      <translation>이전 검사가 로컬 아카이브에 없습니다: %s</translation>
    </message>
    <message>
      <source>Prior of %s opened beside the current study.</source>
      <translation>%s 이전 검사를 현재 검사 옆에 열었습니다.</translation>
    </message>
    <message>
      <source>Hanging protocol stage</source>
      <translation>행잉 프로토콜 단계</translation>
    </message>
  </context>
  <context>
    <name>ReportEditorPanel</name>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="43" />
      <source>Apply template</source>
      <translation>서식 적용</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="52" />
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="324" />
      <source>Tumour</source>
      <translation>종양</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="70" />
      <source>Save draft</source>
      <translation>임시 저장</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="71" />
      <source>Result ready</source>
      <translation>판독 완료 요청</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="72" />
      <source>Sign</source>
      <translation>서명</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="73" />
      <source>Add addendum</source>
      <translation>추가 소견 작성</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="74" />
      <source>Open images</source>
      <translation>영상 열기</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="75" />
      <source>Export…</source>
      <translation>내보내기…</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="87" />
      <source>Template</source>
      <translation>서식</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="91" />
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="324" />
      <source>Findings</source>
      <translation>소견</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="93" />
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="324" />
      <source>Impression</source>
      <translation>결론</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="96" />
      <source>Addenda</source>
      <translation>추가 소견</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="103" />
      <source>Differences from the prior</source>
      <translation>이전 판독과의 차이</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="149" />
      <source>Recovered unsaved typing from %s (UTC); save to keep it.</source>
      <translation>%s (UTC)에 저장되지 않은 입력을 복구했습니다. 저장하여 보존하십시오.</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="152" />
      <source>Signed by %1 at %2 — read-only; changes go in an addendum.</source>
      <translation>%1이(가) %2에 서명함 — 읽기 전용, 변경은 추가 소견으로.</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="155" />
      <source>Your role sees the report summary only.</source>
      <translation>현재 역할로는 판독 요약만 볼 수 있습니다.</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="252" />
      <source>Sign report</source>
      <translation>판독문 서명</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="263" />
      <source>Addendum</source>
      <translation>추가 소견</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="263" />
      <source>Addendum text</source>
      <translation>추가 소견 내용</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="285" />
      <source>Report exported to %s</source>
      <translation>판독문을 %s(으)로 내보냈습니다</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="291" />
      <source>Export report</source>
      <translation>판독문 내보내기</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="307" />
      <source>No prior report of the same body part.</source>
      <translation>같은 부위의 이전 판독이 없습니다.</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="312" />
      <source>Prior report: %s</source>
      <translation>이전 판독: %s</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/report_editor_panel.py" line="322" />
      <source>The differences appear as you write.</source>
      <translation>작성하면 차이가 표시됩니다.</translation>
    </message>
    <message>
      <source>This study has no reading order: give it one on the worklist's Unmatched / no order tab.</source>
      <translation>이 검사에는 판독 처방이 없습니다: 워크리스트의 '미연결 / 처방 없음' 탭에서 처방을 만드십시오.</translation>
    </message>
    <message>
      <source>Not signed: %s</source>
      <translation>서명하지 않음: %s</translation>
    </message>
    <message>
      <source>Sign the report of %1 (ID %2), %3?</source>
      <translation>%1 (ID %2) 환자의 판독을 서명하시겠습니까? %3</translation>
    </message>
    <message>
      <source>It becomes read-only; later changes need an addendum.</source>
      <translation>서명 후에는 읽기 전용이 되며 변경은 추가 소견으로만 가능합니다.</translation>
    </message>
    <message>
      <source>Password of %1 to sign the report of %2 (ID %3)</source>
      <translation>%2 (ID %3) 환자의 판독 서명을 위한 %1의 비밀번호</translation>
    </message>
    <message>
      <source>Report</source>
      <translation>보고서</translation>
    </message>
    <message>
      <source>Prior report</source>
      <translation>이전 판독</translation>
    </message>
  </context>
  <context>
    <name>StudyTreePanel</name>
    <message>
      <source>no order</source>
      <translation>판독 의뢰 없음</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/study_tree_panel.py" line="18" />
      <source>Item</source>
      <translation>항목</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/study_tree_panel.py" line="18" />
      <source>Details</source>
      <translation>세부 정보</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/study_tree_panel.py" line="53" />
      <source>archive</source>
      <translation>저장소</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/study_tree_panel.py" line="53" />
      <source>CDSS</source>
      <translation>CDSS</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/study_tree_panel.py" line="55" />
      <source>%1 series, %2 images (%3)</source>
      <translation>시리즈 %1개, 영상 %2개 (%3)</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/study_tree_panel.py" line="58" />
      <source>%1 images</source>
      <translation>%1개 영상</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/study_tree_panel.py" line="60" />
      <source>Not in the local archive</source>
      <translation>로컬 저장소에 없음</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/study_tree_panel.py" line="65" />
      <source>Report</source>
      <translation>판독문</translation>
    </message>
  </context>
  <context>
    <name>WorklistPanel</name>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="34" />
      <source>From</source>
      <translation>시작일</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="35" />
      <source>To</source>
      <translation>종료일</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="47" />
      <source>Patient name or number</source>
      <translation>환자 이름 또는 번호</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="50" />
      <source>Any priority</source>
      <translation>모든 우선순위</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="53" />
      <source>Any order status</source>
      <translation>모든 오더 상태</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="58" />
      <source>Refresh</source>
      <translation>새로 고침</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="63" />
      <source>Date</source>
      <translation>검사일</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="63" />
      <source>Patient</source>
      <translation>환자</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="63" />
      <source>Number</source>
      <translation>환자번호</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="63" />
      <source>Age/Sex</source>
      <translation>나이/성별</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="63" />
      <source>Modality</source>
      <translation>검사 종류</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="64" />
      <source>Body part</source>
      <translation>검사 부위</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="64" />
      <source>Description</source>
      <translation>설명</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="64" />
      <source>Priority</source>
      <translation>우선순위</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="64" />
      <source>Order status</source>
      <translation>오더 상태</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="65" />
      <source>Reading</source>
      <translation>판독 상태</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="100" />
      <source>Any modality</source>
      <translation>모든 검사 종류</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="101" />
      <source>Any body part</source>
      <translation>모든 부위</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="130" />
      <source>All</source>
      <translation>전체</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="130" />
      <source>Unread</source>
      <translation>미판독</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="130" />
      <source>Draft</source>
      <translation>판독중</translation>
    </message>
    <message>
      <location filename="../../workstation/ui/reading/worklist_panel.py" line="130" />
      <source>Signed</source>
      <translation>판독완료</translation>
    </message>
    <message>
      <source>Unmatched / no order</source>
      <translation>미연결 / 처방 없음</translation>
    </message>
  </context>
  <context>
    <name>ReadingLabels</name>
    <message>
      <source>Unread</source>
      <translation>미판독</translation>
    </message>
    <message>
      <source>Draft</source>
      <translation>판독중</translation>
    </message>
    <message>
      <source>Signed</source>
      <translation>판독완료</translation>
    </message>
    <message>
      <source>Ordered</source>
      <translation>오더됨</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>접수됨</translation>
    </message>
    <message>
      <source>In progress</source>
      <translation>판독 진행중</translation>
    </message>
    <message>
      <source>Result ready</source>
      <translation>결과 준비</translation>
    </message>
    <message>
      <source>Confirmed</source>
      <translation>확정</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>취소됨</translation>
    </message>
    <message>
      <source>Routine</source>
      <translation>일반</translation>
    </message>
    <message>
      <source>Urgent</source>
      <translation>긴급</translation>
    </message>
    <message>
      <source>STAT</source>
      <translation>응급</translation>
    </message>
    <message>
      <source>Location</source>
      <translation>위치</translation>
    </message>
    <message>
      <source>Size (mm)</source>
      <translation>크기 (mm)</translation>
    </message>
    <message>
      <source>Enhancement</source>
      <translation>조영증강</translation>
    </message>
    <message>
      <source>Necrosis</source>
      <translation>괴사</translation>
    </message>
    <message>
      <source>Oedema</source>
      <translation>부종</translation>
    </message>
    <message>
      <source>Mass effect</source>
      <translation>종괴 효과</translation>
    </message>
    <message>
      <source>Midline shift (mm)</source>
      <translation>정중선 이동 (mm)</translation>
    </message>
    <message>
      <source>Haemorrhage</source>
      <translation>출혈</translation>
    </message>
    <message>
      <source>Multiplicity</source>
      <translation>다발성</translation>
    </message>
    <message>
      <source>M</source>
      <translation>남</translation>
    </message>
    <message>
      <source>F</source>
      <translation>여</translation>
    </message>
    <message>
      <source>O</source>
      <translation>기타</translation>
    </message>
    <message>
      <source>Radiology (RIS)</source>
      <translation>영상의학 (RIS)</translation>
    </message>
    <message>
      <source>Doctor</source>
      <translation>의사</translation>
    </message>
    <message>
      <source>Nurse</source>
      <translation>간호사</translation>
    </message>
    <message>
      <source>System manager</source>
      <translation>시스템 관리자</translation>
    </message>
  </context>
  <context>
    <name>UnmatchedStudiesPanel</name>
    <message>
      <source>Date</source>
      <translation>날짜</translation>
    </message>
    <message>
      <source>Patient</source>
      <translation>환자</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>등록번호</translation>
    </message>
    <message>
      <source>Modality</source>
      <translation>검사 장비</translation>
    </message>
    <message>
      <source>Body part</source>
      <translation>검사 부위</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>설명</translation>
    </message>
    <message>
      <source>Accession</source>
      <translation>접수 번호</translation>
    </message>
    <message>
      <source>Match to order…</source>
      <translation>처방과 연결…</translation>
    </message>
    <message>
      <source>Create reading order</source>
      <translation>판독 처방 만들기</translation>
    </message>
    <message>
      <source>No order matches; create a reading order instead.</source>
      <translation>맞는 처방이 없습니다. 판독 처방을 만드십시오.</translation>
    </message>
    <message>
      <source>Matched to order %d.</source>
      <translation>처방 %d에 연결했습니다.</translation>
    </message>
    <message>
      <source>Match to order</source>
      <translation>처방과 연결</translation>
    </message>
    <message>
      <source>Several orders fit:</source>
      <translation>여러 처방이 맞습니다:</translation>
    </message>
    <message>
      <source>Reading order %d created; it syncs with the CDSS.</source>
      <translation>판독 처방 %d을(를) 만들었습니다. CDSS와 동기화됩니다.</translation>
    </message>
  </context>
  <context>
    <name>hub</name>
    <message>
      <source>Hanging protocol stage</source>
      <translation>행잉 프로토콜 단계</translation>
    </message>
  </context>
</TS>