commit=ff77ea8\ \(committed\ tree\)
started=2026-11-25\ 23:06\ UTC
duration=10\ min\ 1\ s
