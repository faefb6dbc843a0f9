commit=c2eaccd\ \(committed\ tree\)
started=2026-11-23\ 18:24\ UTC
duration=7\ min\ 15\ s
