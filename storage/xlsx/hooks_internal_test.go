package xlsx

// SetWriteLater chooses, for a test, whether the sheets that are only a
// table are written into the package after the rest (the default) or
// through excelize's stream writer like the others; it returns a function
// that restores the default.
func SetWriteLater(on bool) (restore func()) {
	writeLater = on
	return func() { writeLater = true }
}
