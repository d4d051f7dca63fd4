package main

import "desktop/marginalia/app"

// startGUI opens the desktop app on the project at path ("" for the last
// project, or the sample project on first run), as coder ("" for the one
// who coded last on this computer).
func startGUI(path, coder string) error { return app.Run(path, coder) }
