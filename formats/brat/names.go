package brat

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fileElement makes one element of a document's path a safe file name:
// only what file systems refuse or misread is replaced by '_' (path
// separators, control characters and Windows' reserved characters), so
// "esp.train-doc-1400" stays as it is. "." and ".." cannot escape the
// export folder, and Windows' device names (CON, NUL, COM1...) get a '_'.
func fileElement(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`\:*?"<>|`, r) || r == utf8.RuneError {
			return '_'
		}
		return r
	}, s)
	// Windows drops trailing dots and spaces; a leading space is easy to
	// miss in a listing.
	s = strings.TrimRight(s, " .")
	s = strings.TrimLeft(s, " ")
	if s == "" || s == "." || s == ".." {
		return "_"
	}
	if isDeviceName(s) {
		s = "_" + s
	}
	// Most file systems allow 255 bytes; leave room for ".txt" and "-2".
	for len(s) > 240 {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
	}
	return s
}

func isDeviceName(s string) bool {
	stem, _, _ := strings.Cut(strings.ToUpper(s), ".")
	switch stem {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	return len(stem) == 4 && (strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT")) && stem[3] >= '1' && stem[3] <= '9'
}

// docPath is the export path (without .txt/.ann) of a document name: a
// name with '/' (a brat import from subfolders, "train/doc-1") is written
// into those subfolders again, as brat's collections are folders.
func docPath(name string) string {
	var parts []string
	for _, el := range strings.Split(name, "/") {
		if strings.TrimSpace(el) == "" || el == "." {
			continue
		}
		parts = append(parts, fileElement(el))
	}
	if len(parts) == 0 {
		return "unnamed"
	}
	return strings.Join(parts, "/")
}

// docNamer hands out document paths unique regardless of case (two names
// differing only in case collide on macOS and Windows), remembering what
// had to change.
type docNamer struct {
	used    map[string]bool
	renamed []string
}

func (n *docNamer) name(orig string) string {
	if n.used == nil {
		n.used = map[string]bool{}
	}
	base := docPath(orig)
	p := base
	for i := 2; n.used[strings.ToLower(p)]; i++ {
		p = fmt.Sprintf("%s-%d", base, i)
	}
	n.used[strings.ToLower(p)] = true
	if p != orig {
		n.renamed = append(n.renamed, fmt.Sprintf("%q -> %q", orig, p))
	}
	return p
}

// typeNamer maps Margin's label, relation and attribute names to brat
// type names (storage forms), one to one: names already valid in brat
// stay as they are, and two names that clean to the same form get -2, -3.
// brat type names are case-sensitive, so "PUNC" and "punc" both stay.
type typeNamer struct {
	byOrig map[string]string
	used   map[string]bool
}

func (n *typeNamer) Name(orig string) string {
	if n.byOrig == nil {
		n.byOrig, n.used = map[string]string{}, map[string]bool{}
	}
	if s, ok := n.byOrig[orig]; ok {
		return s
	}
	base := storageForm(orig)
	if base == "" {
		base = "unnamed"
	}
	s := base
	for i := 2; n.used[s]; i++ {
		s = fmt.Sprintf("%s-%d", base, i)
	}
	n.used[s] = true
	n.byOrig[orig] = s
	return s
}

// Renamed lists "orig -> brat name" for the names that had to change.
func (n *typeNamer) Renamed() []string {
	var out []string
	for _, o := range sortedKeys(n.byOrig) {
		if s := n.byOrig[o]; s != o {
			out = append(out, fmt.Sprintf("%q -> %q", o, s))
		}
	}
	return out
}
