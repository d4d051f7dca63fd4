package app

import (
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// progressDelay is how long work runs before its progress shows: quick
// work shows none, and nothing flickers.
const progressDelay = 500 * time.Millisecond

// showProgressLater runs show on the window's goroutine once progressDelay
// has passed, unless the returned stop is called first. Call stop on the
// window's goroutine (in the fyne.Do that ends the work).
func showProgressLater(show func()) (stop func()) {
	stopped := false // read and written on the window's goroutine only
	timer := time.AfterFunc(progressDelay, func() {
		fyne.Do(func() {
			if !stopped {
				show()
			}
		})
	})
	return func() {
		stopped = true
		timer.Stop()
	}
}

// writeInBackground runs write, which writes path whole or not at all, in
// a goroutine, showing a progress dialog titled title when it takes longer
// than progressDelay. Back on the window's goroutine it shows the error,
// or says done (the file's name follows); then, if not nil, runs after
// either.
func (wb *Workbench) writeInBackground(title, path, done string, write func() error, then func(error)) {
	progress := dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewLabel(filepath.Base(path)), widget.NewProgressBarInfinite()), wb.win)
	stopProgress := showProgressLater(func() { showKeyed(wb.win, progress, nil, nil) })
	go func() {
		err := write()
		fyne.Do(func() {
			stopProgress()
			progress.Hide()
			if err != nil { // the file was written whole or not at all
				showError(wb.win, err)
			} else {
				wb.done(done + " " + filepath.Base(path))
			}
			if then != nil {
				then(err)
			}
		})
	}()
}
