package storage

import (
	"fmt"

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
// byte); ok is false for anything else, upper-case hex included (it must
// stay text to come back as it was). Decoded here in one pass: with
// strings.ContainsAny and uuid.Parse it was 3% of an import's
// instructions (issue 14).
func uuidBytes(id string) ([]byte, bool) {
	if len(id) != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-' {
		return nil, false
	}
	b := make([]byte, 16)
	j := 0
	for i := 0; i < 36; i += 2 {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i-- // the dash; the next pair starts right after it
			continue
		}
		hi, ok1 := lowerHex(id[i])
		lo, ok2 := lowerHex(id[i+1])
		if !ok1 || !ok2 {
			return nil, false
		}
		b[j] = hi<<4 | lo
		j++
	}
	return b, true
}

func lowerHex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
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
