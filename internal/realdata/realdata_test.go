package realdata

import "testing"

func TestPathFindsSharedFolder(t *testing.T) {
	p := Path(t, "README.md")
	if p == "" {
		t.Fatal("empty path")
	}
}
