"""The Qt reading workstation: archive, import, DICOM networking, worklist, reporting, roles, audit."""
