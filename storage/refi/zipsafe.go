package refi

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"
)

// limits bounds what a .qdpx may ask of us. A variable so that tests can
// lower it.
var limits = struct {
	entries  int    // zip entries
	total    uint64 // bytes, all entries expanded
	ratio    uint64 // largest expanded:compressed ratio of an entry ...
	ratioMin uint64 // ... larger than this
}{entries: 100_000, total: 2 << 30, ratio: 200, ratioMin: 1 << 20}

// archive is an opened, checked .qdpx.
type archive struct {
	name   string
	byName map[string]*zip.File // lower-case entry name -> entry
	qde    *zip.File
	base   string // folder of the .qde inside the zip, "" or ending in "/"
}

// openArchive opens a .qdpx and refuses it whole if any entry would leave
// the folder it is extracted to (an absolute path, a ".." level, a
// backslash path, a drive letter), is a symlink, is repeated, or if the
// entries are too many or expand beyond limits.
func openArchive(r io.ReaderAt, size int64, name string) (*archive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%s: not a readable .qdpx (zip) file, perhaps truncated or damaged: %w", name, err)
	}
	if len(zr.File) > limits.entries {
		return nil, fmt.Errorf("%s: %d entries, more than the %d a project may have", name, len(zr.File), limits.entries)
	}
	a := &archive{name: name, byName: make(map[string]*zip.File, len(zr.File))}
	var total uint64
	for _, f := range zr.File {
		if err := checkEntryName(f.Name); err != nil {
			return nil, fmt.Errorf("%s: refusing entry %q: %w", name, f.Name, err)
		}
		if f.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("%s: refusing entry %q: it is a symbolic link", name, f.Name)
		}
		if f.UncompressedSize64 > limits.ratioMin && f.UncompressedSize64/max(f.CompressedSize64, 1) > limits.ratio {
			return nil, fmt.Errorf("%s: refusing entry %q: it would expand %d times (%d bytes), which looks like a zip bomb", name, f.Name, f.UncompressedSize64/max(f.CompressedSize64, 1), f.UncompressedSize64)
		}
		total += f.UncompressedSize64
		if total > limits.total || total < f.UncompressedSize64 {
			return nil, fmt.Errorf("%s: the entries expand to more than %d MiB", name, limits.total>>20)
		}
		key := strings.ToLower(f.Name)
		if _, dup := a.byName[key]; dup {
			return nil, fmt.Errorf("%s: refusing entry %q: the name occurs twice", name, f.Name)
		}
		a.byName[key] = f
		if strings.HasSuffix(key, ".qde") && !strings.HasSuffix(key, "/") && a.betterQDE(f) {
			a.qde = f
		}
	}
	if a.qde == nil {
		return nil, fmt.Errorf("%s: no project file (*.qde) inside; is it a REFI-QDA project?", name)
	}
	a.base = path.Dir(a.qde.Name) + "/"
	if a.base == "./" {
		a.base = ""
	}
	return a, nil
}

// betterQDE reports whether f should be the project file rather than the
// one found so far: the first .qde in the shallowest folder (the root,
// normally).
func (a *archive) betterQDE(f *zip.File) bool {
	return a.qde == nil || strings.Count(f.Name, "/") < strings.Count(a.qde.Name, "/")
}

// checkEntryName says why an entry name would escape the extraction folder.
func checkEntryName(name string) error {
	n := strings.ReplaceAll(name, `\`, "/")
	switch {
	case name == "":
		return errors.New("empty name")
	case strings.ContainsRune(name, 0):
		return errors.New("the name contains a NUL byte")
	case strings.HasPrefix(n, "/"):
		return errors.New("absolute path")
	case len(n) >= 2 && n[1] == ':':
		return errors.New("path with a drive letter")
	}
	for _, level := range strings.Split(n, "/") {
		if level == ".." {
			return errors.New(`path leaves the project folder ("..")`)
		}
	}
	return nil
}

// read returns the content of an entry, checking its size as it goes.
func (a *archive) read(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", a.name, f.Name, err)
	}
	defer rc.Close()
	data := make([]byte, f.UncompressedSize64) // bounded by limits.total
	if _, err := io.ReadFull(rc, data); err != nil {
		return nil, fmt.Errorf("%s: %s: damaged, or shorter than its header declares: %w", a.name, f.Name, err)
	}
	if n, err := rc.Read(make([]byte, 1)); n > 0 || err != io.EOF {
		return nil, fmt.Errorf("%s: %s: damaged, or larger than its header declares: %v", a.name, f.Name, err)
	}
	return data, nil
}

// openText finds the file a plainTextPath names and reads it. Only files
// inside the archive are read: "internal://x" is looked for as sources/x
// (any case) next to the .qde; for "relative://" and "absolute://" paths,
// which point outside the archive, a file of the same base name in
// sources/ is used if there is one.
func (a *archive) openText(ref string) ([]byte, error) {
	rest, internal := strings.CutPrefix(ref, "internal://")
	if !internal {
		if _, after, ok := strings.Cut(ref, "://"); ok {
			rest = after
		}
		rest = path.Base(strings.ReplaceAll(rest, `\`, "/"))
	}
	candidates := []string{rest}
	if u, err := url.PathUnescape(rest); err == nil && u != rest {
		candidates = append(candidates, u)
	}
	for _, c := range candidates {
		for _, dir := range []string{"sources/", ""} {
			if f, ok := a.byName[strings.ToLower(a.base+dir+c)]; ok && !strings.HasSuffix(c, "/") {
				return a.read(f)
			}
		}
	}
	return nil, fmt.Errorf("%q is not inside the .qdpx file", ref)
}
