commit=c04050e\ \(committed\ tree\)
started=2026-11-25\ 23:21\ UTC
duration=10\ min\ 10\ s
