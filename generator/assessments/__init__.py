"""Pre/post tests: printed forms in each language, booklets and answer sheets, Moodle XML,
QTI and XLSForm exports, and the assessments part of a build."""
