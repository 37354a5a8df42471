package storage

import (
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// Annotation ids are stored compactly. An id that is a canonical UUID
// (lower-case 8-4-4-4-12 hex, which is every id Margin makes) is stored in
// annotations.id, relations.from_id and relations.to_id as its 16 bytes (a
// BLOB); any other id, such as one kept from another tool ("T1"), is
// stored as the text itself. The text form took 36 bytes in the row and
// 36 again in the primary-key index: a million-span import wrote 40 MB
// less this way, and the import is that much faster (BENCHMARKS.md).
// Migration 003 converted existing files. Every statement that binds or
// reads one of those columns goes through idKey and scanID, so the rest of
// Margin only sees strings. Other tables (history, verdicts) keep ids as
// text: they are small.

// idKey is the stored form of annotation id: see above.
func idKey(id string) any {
	if b, ok := uuidBytes(id); ok {
		return b
	}
	return id
}

// uuidBytes returns the 16 bytes of a canonical UUID string, the exact
// inverse of uuid.UUID.String (so the text form comes back byte for
// byte); ok is false for anything else. Of 36-character strings
// uuid.Parse takes exactly the 8-4-4-4-12 hex form (braces and urn: are
// longer), in either case; upper case must stay text, and looking for it
// spares the import a String() allocation per id.
func uuidBytes(id string) ([]byte, bool) {
	if len(id) != 36 || strings.ContainsAny(id, "ABCDEF") {
		return nil, false
	}
	u, err := uuid.Parse(id)
	if err != nil {
		return nil, false
	}
	return u[:], true
}

// scanID is a Scan destination for a stored id (see idKey).
type scanID struct{ p *string }

func (d scanID) Scan(v any) error {
	switch v := v.(type) {
	case []byte:
		if len(v) != 16 {
			return fmt.Errorf("id: a %d-byte value where a 16-byte UUID belongs", len(v))
		}
		*d.p = uuid.UUID(v).String()
	case string:
		*d.p = v
	case nil:
		*d.p = ""
	default:
		return fmt.Errorf("id: unexpected %T", v)
	}
	return nil
}
