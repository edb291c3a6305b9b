"""AI: models, preprocessing, inference (GPU with CPU fallback), DICOM SEG output. Headless."""
