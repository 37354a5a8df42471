package storage

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// uuidBytesReference is uuidBytes as it was before its hand-written
// decoder: uuid.Parse of a 36-character string without upper case.
func uuidBytesReference(id string) ([]byte, bool) {
	if len(id) != 36 || strings.ContainsAny(id, "ABCDEF") {
		return nil, false
	}
	u, err := uuid.Parse(id)
	if err != nil {
		return nil, false
	}
	return u[:], true
}

func FuzzUUIDBytesMatchesParse(f *testing.F) {
	for _, s := range []string{uuid.NewString(), strings.ToUpper(uuid.NewString()), "T1", "00000000-0000-0000-0000-000000000000",
		"0123456789ab-cdef-0123-4567-89abcdef0123", "01234567-89ab-cdef-0123-456789abcdeg", "01234567-89ab-cdef-0123x456789abcdef"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		got, ok := uuidBytes(id)
		want, wantOK := uuidBytesReference(id)
		if ok != wantOK || !bytes.Equal(got, want) {
			t.Fatalf("uuidBytes(%q) = %x, %v; uuid.Parse gives %x, %v", id, got, ok, want, wantOK)
		}
		if ok && uuid.UUID(got).String() != id {
			t.Fatalf("%q does not come back as itself: %s", id, uuid.UUID(got))
		}
	})
}
