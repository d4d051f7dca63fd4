package app

import (
	"time"

	"fyne.io/fyne/v2"
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
