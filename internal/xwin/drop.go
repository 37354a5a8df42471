package xwin

import (
	"strconv"
)

// DropFiles drops files on window at screen point (x, y) as a file
// manager does (XDND, with cmd xdnddrop, built on first use): the window
// gets them as one drop of file URIs. A window that is not XDND-aware,
// refuses the drop or never reads the data fails the test.
func (d *Display) DropFiles(window string, x, y int, paths ...string) {
	d.t.Helper()
	if d.xdnd == "" {
		d.xdnd = build(d.t, "./internal/xwin/xdnddrop", "xdnddrop")
	}
	d.run(d.xdnd, append([]string{window, strconv.Itoa(x), strconv.Itoa(y)}, paths...)...)
}
