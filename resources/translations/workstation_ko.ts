<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>StartupSequence</name>
    <message>
        <location filename="../../workstation/app/launch.py" line="91"/>
        <source>Importing the demo study…</source>
        <translation>데모 검사를 가져오는 중…</translation>
    </message>
    <message>
        <location filename="../../workstation/app/launch.py" line="112"/>
        <source>Demo import failed: %s</source>
        <translation>데모 가져오기 실패: %s</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../workstation/ui/help_dialog.py" line="17"/>
        <source>Keyboard and mouse shortcuts</source>
        <translation>키보드 및 마우스 단축키</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/help_dialog.py" line="21"/>
        <source>Key / mouse</source>
        <translation>키 / 마우스</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/help_dialog.py" line="21"/>
        <source>Action</source>
        <translation>동작</translation>
    </message>
</context>
<context>
    <name>Launch</name>
    <message>
        <location filename="../../workstation/app/launch.py" line="171"/>
        <source>Cannot open the archive</source>
        <translation>보관소를 열 수 없습니다</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../workstation/app/main_window.py" line="27"/>
        <location filename="../../workstation/app/main_window.py" line="105"/>
        <source>Brain Tumor CDSS — Reading Workstation</source>
        <translation>뇌종양 CDSS — 판독 워크스테이션</translation>
    </message>
    <message>
        <location filename="../../workstation/app/main_window.py" line="132"/>
        <source>Open a DICOM folder</source>
        <translation>DICOM 폴더 열기</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../../workstation/app/main_window.py" line="55"/>
        <source>Studies</source>
        <translation>검사 목록</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="13"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="15"/>
        <source>System language</source>
        <translation>시스템 언어</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="18"/>
        <source>Some panels change their language at the next start.</source>
        <translation>일부 패널은 다음 실행 시 언어가 바뀝니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/settings_dialog.py" line="23"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
</context>
<context>
    <name>StudyBrowserWidget</name>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="92"/>
        <source>Patient / study</source>
        <translation>환자 / 검사</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="92"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="92"/>
        <source>Modality</source>
        <translation>장비</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="93"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="94"/>
        <source>Double-click a study to open it; drag a series onto a viewport.</source>
        <translation>검사를 더블클릭하면 열립니다. 시리즈를 뷰포트로 끌어 놓으세요.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="109"/>
        <source>(no name)</source>
        <translation>(이름 없음)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="114"/>
        <source>(no description)</source>
        <translation>(설명 없음)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../workstation/ui/study_browser_widget.py" line="118"/>
        <source>%n series</source>
        <translation>
            <numerusform>시리즈 %n개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../workstation/ui/study_browser_widget.py" line="143"/>
        <source>img</source>
        <translation>장</translation>
    </message>
</context>
<context>
    <name>ViewerController</name>
    <message>
        <location filename="../../workstation/app/viewer_controller.py" line="78"/>
        <source>This study has no images in the archive.</source>
        <translation>이 검사는 보관소에 영상이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/app/viewer_controller.py" line="93"/>
        <source>No files for this series in the archive.</source>
        <translation>이 시리즈의 파일이 보관소에 없습니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/app/viewer_controller.py" line="140"/>
        <source>Opening series…</source>
        <translation>시리즈를 여는 중…</translation>
    </message>
    <message>
        <location filename="../../workstation/app/viewer_controller.py" line="203"/>
        <source>Series loaded.</source>
        <translation>시리즈를 불러왔습니다.</translation>
    </message>
    <message>
        <location filename="../../workstation/app/viewer_controller.py" line="213"/>
        <source>Cannot open the series: %s</source>
        <translation>시리즈를 열 수 없습니다: %s</translation>
    </message>
</context>
<context>
    <name>ViewerToolBar</name>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="22"/>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="59"/>
        <source>Viewer</source>
        <translation>뷰어</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="61"/>
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="61"/>
        <source>Open DICOM files or a folder</source>
        <translation>DICOM 파일 또는 폴더 열기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="62"/>
        <source>Preset 1</source>
        <translation>프리셋 1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="62"/>
        <source>CT: brain 80/40 · MR: the file&apos;s window (key 1)</source>
        <translation>CT: 뇌 80/40 · MR: 파일의 창 설정 (키 1)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="63"/>
        <source>Preset 2</source>
        <translation>프리셋 2</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="63"/>
        <source>CT: subdural 200/75 · MR: automatic window (key 2)</source>
        <translation>CT: 경막하 200/75 · MR: 자동 창 설정 (키 2)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="64"/>
        <source>Stroke</source>
        <translation>뇌졸중</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="64"/>
        <source>CT: stroke 40/40 (key 3)</source>
        <translation>CT: 뇌졸중 40/40 (키 3)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="65"/>
        <source>Bone</source>
        <translation>뼈</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="65"/>
        <source>CT: bone 2800/600 (key 4)</source>
        <translation>CT: 뼈 2800/600 (키 4)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="66"/>
        <source>Invert</source>
        <translation>반전</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="66"/>
        <source>Invert grey scale (I)</source>
        <translation>흑백 반전 (I)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="67"/>
        <source>Rotate</source>
        <translation>회전</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="67"/>
        <source>Rotate 90° clockwise (R)</source>
        <translation>시계 방향 90° 회전 (R)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="68"/>
        <source>Flip H</source>
        <translation>좌우 뒤집기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="68"/>
        <source>Flip left-right (H)</source>
        <translation>좌우 뒤집기 (H)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="69"/>
        <source>Flip V</source>
        <translation>상하 뒤집기</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="69"/>
        <source>Flip top-bottom (V)</source>
        <translation>상하 뒤집기 (V)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="70"/>
        <source>Fit</source>
        <translation>맞춤</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="70"/>
        <source>Fit to viewport (F)</source>
        <translation>화면에 맞춤 (F)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="71"/>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="71"/>
        <source>Reset the view (Esc)</source>
        <translation>보기 초기화 (Esc)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="72"/>
        <source>Cine</source>
        <translation>시네</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="72"/>
        <source>Start/stop cine (Space)</source>
        <translation>시네 시작/정지 (Space)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="73"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="73"/>
        <source>Language and display settings</source>
        <translation>언어 및 표시 설정</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="74"/>
        <source>Help</source>
        <translation>도움말</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="74"/>
        <source>Keyboard shortcuts (F1)</source>
        <translation>키보드 단축키 (F1)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="78"/>
        <source>Layout %s</source>
        <translation>화면 배치 %s</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="82"/>
        <source> fps</source>
        <translation> fps</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/viewer_toolbar.py" line="83"/>
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
</context>
<context>
    <name>Shortcuts</name>
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
</TS>
