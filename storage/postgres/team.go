package postgres

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Member kinds: what a team member may change (see migrations/002).
const (
	KindAnnotator = "annotator"
	KindCurator   = "curator"
	KindLead      = "lead"
)

// Member is a person who logs in to the project as a role of their own.
type Member struct {
	Role   string // the database role
	Person string // the layer's name
	Kind   string // annotator, curator or lead
}

// ErrMemberExists is returned for a person or role already on the team.
var ErrMemberExists = errors.New("already a member")

// AddMember creates a login role for person with a generated password and
// the grants of kind, in one transaction. It returns the member and the
// password, which is stored only as the server's hash: the caller shows
// it once. The role's name is the database's, an underscore and the
// person's, because roles belong to the whole server and two projects
// on one server may both have a "bob". The project's owner or a lead may
// add members (the server checks it; the owner needs CREATEROLE); anyone
// else is refused (ErrRefused).
func (s *DB) AddMember(ctx context.Context, person, kind string) (Member, string, error) {
	if strings.TrimSpace(person) == "" || person == "gold" {
		return Member{}, "", fmt.Errorf("team add: %q cannot be a member's name", person)
	}
	switch kind {
	case KindAnnotator, KindCurator, KindLead:
	default:
		return Member{}, "", fmt.Errorf("team add: unknown role %q: want annotator, curator or lead", kind)
	}
	var m Member
	buf := make([]byte, 18)
	if _, err := rand.Read(buf); err != nil {
		return m, "", err
	}
	password := base64.RawURLEncoding.EncodeToString(buf)
	err := s.tx(ctx, func(tx pgx.Tx) error {
		var db string
		if err := tx.QueryRow(ctx, `SELECT current_database()`).Scan(&db); err != nil {
			return err
		}
		m = Member{Role: db + "_" + person, Person: person, Kind: kind}
		// margin_team_add (migration 009) runs as the project's owner,
		// who has CREATEROLE, once it has checked that the caller is a
		// lead or the owner: a lead adds members without CREATEROLE.
		_, err := tx.Exec(ctx, `SELECT margin_team_add($1, $2, $3, $4)`, m.Role, m.Person, m.Kind, password)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && (pgErr.Code == "42710" || pgErr.Code == "23505") { // duplicate_object, unique_violation
			return fmt.Errorf("team add %s: %w (role %s)", person, ErrMemberExists, m.Role)
		}
		return err
	})
	if err != nil {
		return Member{}, "", err
	}
	return m, password, nil
}

// Members lists the team, by person.
func (s *DB) Members(ctx context.Context) ([]Member, error) {
	rows, err := s.pool.Query(ctx, `SELECT role, person, kind FROM members ORDER BY person`)
	if err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.Role, &m.Person, &m.Kind); err != nil {
			return nil, fmt.Errorf("members: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MemberURL is rawURL (the project's) with the member's role and password
// in place of the user's: what the member connects with.
func MemberURL(rawURL string, m Member, password string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	u.User = url.UserPassword(m.Role, password)
	return u.String(), nil
}

// ProgressPeople are the members listed in the progress matrix even
// without a layer or an assignment: the annotators and curators (a lead
// manages and is not counted). `margin progress` and the window's
// Progress view both ask it, so that they list the same people.
func (s *DB) ProgressPeople(ctx context.Context) ([]string, error) {
	members, err := s.Members(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range members {
		if m.Kind != KindLead {
			out = append(out, m.Person)
		}
	}
	return out, nil
}

// ErrNoMember is returned for a name that is no member of the team.
var ErrNoMember = errors.New("no such member")

// Removal is what RemoveMember did.
type Removal struct {
	Member
	Sessions int  // the member's open sessions it ended
	Dropped  bool // the role is gone from the server (false: it owns something in another database; it is left without login or rights)
}

// RemoveMember removes person from the team (migration 011): their role
// loses its rights and its login, their open sessions are ended, the role
// is dropped, and blind mode's private channels get new names, so that
// nothing they knew lets them hear the team. Their layer stays, under
// their name. A lead removes annotators and curators; only the owner
// removes a lead (ErrRefused otherwise).
func (s *DB) RemoveMember(ctx context.Context, person string) (Removal, error) {
	r := Removal{Member: Member{Person: person}}
	// Step one commits before step two ends the sessions: a session
	// ended earlier could log in again with the role still enabled.
	if err := s.pool.QueryRow(ctx, `SELECT role, kind FROM margin_team_remove($1)`, person).Scan(&r.Role, &r.Kind); err != nil {
		return r, fmt.Errorf("team remove %s: %w", person, s.memberErr(err))
	}
	if err := s.pool.QueryRow(ctx, `SELECT sessions, dropped FROM margin_team_end_sessions($1)`, r.Role).Scan(&r.Sessions, &r.Dropped); err != nil {
		return r, fmt.Errorf("team remove %s: removed, but ending their sessions failed (run it again to finish): %w", person, s.wrap(err))
	}
	return r, nil
}

// SetMemberKind changes person's role on the team; the server renames
// blind mode's private channels, since who may hear them changed. The
// same people as for RemoveMember may.
func (s *DB) SetMemberKind(ctx context.Context, person, kind string) error {
	if _, err := s.pool.Exec(ctx, `SELECT margin_team_set_kind($1, $2)`, person, kind); err != nil {
		return fmt.Errorf("team role %s: %w", person, s.memberErr(err))
	}
	return nil
}

// memberErr is a membership function's error: no such member as
// ErrNoMember, a refusal as ErrRefused.
func (s *DB) memberErr(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "P0002" { // no_data_found
		return fmt.Errorf("%w: %s", ErrNoMember, pgErr.Message)
	}
	return s.wrap(err)
}

// Owner is the project's owner: the database role that owns its tables
// (margin init's), who is no member of the team and whom nobody removes.
func (s *DB) Owner(ctx context.Context) (string, error) {
	var owner string
	err := s.pool.QueryRow(ctx, `SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'annotations'`).Scan(&owner)
	if err != nil {
		return "", fmt.Errorf("the project's owner: %w", s.wrap(err))
	}
	return owner, nil
}
