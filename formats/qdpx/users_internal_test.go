package qdpx

import (
	"reflect"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/realdata"
)

// The users of ATLAS.ti 23's exports become layer names by GUID; they
// have no codings there, so only the first pass shows them.
func TestATLASti23Users(t *testing.T) {
	want := map[string]string{
		"088b08ac-d5cd-4adb-8b71-b4f3459c177f": "Enric Llagostera",
		"c32a2bd5-537f-4838-8b17-df9efbafdf4b": "ATLAS.ti",
	}
	for _, f := range []string{"qdpx/blank-atlas-project.qdpx", "qdpx/target-atlas-project.qdpx"} {
		a, err := openArchive(realdata.Path(t, f))
		if err != nil {
			t.Fatal(err)
		}
		var warn formats.Counter
		p, err := readProject(a, &warn)
		a.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p.users, want) {
			t.Errorf("%s: users %v, want %v", f, p.users, want)
		}
		if p.name == "" || p.origin != "ATLAS.ti for Windows 23.2.3.27778" {
			t.Errorf("%s: project %q from %q", f, p.name, p.origin)
		}
		if lines := warn.Lines(); len(lines) != 0 {
			t.Errorf("%s: warnings %v", f, lines)
		}
	}
}
