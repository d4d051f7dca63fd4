package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// The window keeps its layout between runs (issue 26, item 15): its size
// and every divider the user can drag. They are written whenever they
// change (checked every layoutEvery) as well as when the window closes,
// so that a window that is killed, or whose preferences were being
// written when it closed, still comes back as it was.
const (
	prefSplitCodebook = "splitCodebook" // the code tree above, the code's details below
	prefSplitCompare  = "splitCompare"  // the Compare tab's table above, the pair's passages below
	layoutEvery       = 2 * time.Second
)

// keptSplits are the window's dividers by the preference that keeps each.
func (wb *Workbench) keptSplits() map[string]*container.Split {
	return map[string]*container.Split{
		prefSplitLeft:     wb.splitLeft,
		prefSplitRight:    wb.splitRight,
		prefSplitCodebook: wb.Codes.Split,
		prefSplitCompare:  wb.Compare.Split,
	}
}

// restoreLayout puts each divider where it was when the window last
// closed (its default the first time).
func (wb *Workbench) restoreLayout() {
	prefs := wb.app.Preferences()
	for key, split := range wb.keptSplits() {
		if split != nil {
			if o := prefs.FloatWithFallback(key, split.Offset); o > 0 && o < 1 {
				split.Offset = o
			}
			split.Refresh()
		}
	}
}

// saveLayout writes the window's size and its dividers' positions, those
// that changed since they were last written.
func (wb *Workbench) saveLayout() {
	prefs := wb.app.Preferences()
	if size := wb.win.Canvas().Size(); size != savedWindowSize(wb.app) {
		saveWindowSize(wb.app, size)
	}
	for key, split := range wb.keptSplits() {
		if split != nil && prefs.Float(key) != split.Offset {
			prefs.SetFloat(key, split.Offset)
		}
	}
}

// KeepLayout writes the window's layout whenever it changes, until the
// window closes.
func (wb *Workbench) KeepLayout() {
	go wb.repeat(layoutEvery, func() { fyne.Do(wb.saveLayout) })
}
