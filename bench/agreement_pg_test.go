package bench

import (
	"context"
	"testing"

	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// BenchmarkAgreementPostgres1000x3x50 is issue 17's agreement target:
// BenchmarkAgreement1000x3x50's project (1,000 documents x 3 annotators
// x 50 spans) on the PostgreSQL server MARGIN_TEST_POSTGRES names,
// through dataset.Agreement as `margin agreement URL` runs it (target:
// under 1 s).
func BenchmarkAgreementPostgres1000x3x50(b *testing.B) {
	ctx := context.Background()
	db, err := postgres.Create(ctx, pgtest.FreshDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	fillAgreementProject(b, db, 1000, 50)
	runAgreement(b, db)
}
