package storage

import "syscall"

// statfsType returns the file-system magic number of the folder dir.
func statfsType(dir string) (int64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return int64(uint32(st.Type)), true
}
