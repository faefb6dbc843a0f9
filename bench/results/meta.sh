commit=440fd50\ \(committed\ tree\)
started=2026-11-26\ 01:30\ UTC
duration=11\ min\ 0\ s
