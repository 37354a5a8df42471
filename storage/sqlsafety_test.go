package storage

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// sqlAllowlist names functions (file:function) that build SQL from
// something other than literals and constants, with the reason it is safe.
// Add to it only with a reason a reviewer can check; prefer parameters (?).
var sqlAllowlist = map[string]string{
	"storage/open.go:migrate":      "PRAGMA user_version/application_id cannot take parameters; the values are our own integers (i+1, ApplicationID)",
	"storage/coretx.go:ids":        "query is IDsWithLabel's or RelationIDsOf's constant in the same file; the value goes through arg",
	"storage/querier.go:QueryRow":  "sqlQuerier runs storecore's SQL (checked where storecore calls QueryRow and QueryEach); values go through args",
	"storage/querier.go:Exec":      "sqlQuerier runs storecore's SQL (checked where storecore calls Exec); values go through args",
	"storage/querier.go:QueryEach": "sqlQuerier runs storecore's SQL (checked where storecore calls QueryRow and QueryEach); values go through args",
	// The logic both stores share (storage/storecore).
	"storage/storecore/query.go:QueryAnnotations": "AnnotationPageSQL builds only ? placeholders, the Dialect's constant columns (sqliteDialect, pgDialect) and fixed ORDER BY keys; every value goes through args",
	"storage/storecore/query.go:Progress":         "the Dialect's Day wraps a constant column (CreatedAt or updated_at) in a constant expression; no values",
	"storage/storecore/reads.go:Relation":         "ForUpdate is a store's constant clause (\"\" or \" FOR UPDATE\"); the id goes through args",
	"storage/storecore/reads.go:Verdicts":         "JSONText is a store's constant column expression (col, or col::text); the document id goes through args",
	"storage/storecore/reads.go:HistoryGroup":     "JSONText is a store's constant column expression (col, or col::text), order ASC or DESC; values go through args",
	"storage/bulk.go:prepareImportAt":             "insertValues(n) repeats a constant row of ? placeholders n times; n is our own batch size",
	"storage/pagesize.go:createWithPageSize":      "PRAGMA page_size/application_id cannot take parameters; the values are our own constants",
	"storage/export.go:openCursor":                "q is one of EachDocument's constant queries (annotationCols is a constant); values go through args",
	"storage/rows.go:eachRow":                     "query is its callers' constant (checked at every call through sqlFuncs); values go through args",
	"storage/bulkraw.go:execBatch":                "insertValues(n)/insertUniform(n) repeat a constant row of ? placeholders n times; n is a batch length",
	"storage/rawrows.go:rawQuery":                 "q is one of readAnnotations' constant queries (annotationRawCols and the lean columns are constants, the WHERE and ORDER BY literals); values go through args",
	"storage/bulkraw.go:rawRun":                   "QueryContext of a driver statement prepared by rawPrepare: its second argument is the bound values, not SQL",
	"storage/bulkraw.go:rawPrepare":               "q is insertValues(n)/insertUniform(n) (a constant row of ? placeholders repeated n times, n a batch length) or a constant statement of the import; values go through args",
	// PostgreSQL (issue 17).
	"storage/postgres/querier.go:QueryRow":            "pgQuerier runs storecore's SQL (checked where storecore calls QueryRow and QueryEach), numbering its ? placeholders; values go through args",
	"storage/postgres/querier.go:Exec":                "pgQuerier runs storecore's SQL (checked where storecore calls Exec), numbering its ? placeholders; values go through args",
	"storage/postgres/querier.go:QueryEach":           "pgQuerier runs storecore's SQL (checked where storecore calls QueryRow and QueryEach), numbering its ? placeholders; values go through args",
	"storage/postgres/coretx.go:ids":                  "query is IDsWithLabel's or RelationIDsOf's constant in the same file; the value goes through arg",
	"storage/postgres/open.go:migrate":                "the migration files are embedded in the binary (migrations/*.sql), never input",
	"storage/postgres/open.go:createDatabase":         "CREATE DATABASE takes no parameters; the name is quoted by pgx.Identifier.Sanitize",
	"storage/postgres/listen.go:subscribe":            "LISTEN takes no parameters; the channel name comes from the server (margin_listen_channels), quoted by pgx.Identifier.Sanitize",
	"storage/postgres/harden.go:Harden":               "hardenSQL is embedded in the binary (harden/harden.sql), never input",
	"storage/postgres/pgtest/pgtest.go:FreshDatabase": "CREATE/DROP DATABASE take no parameters; the test's own name, quoted by pgx.Identifier.Sanitize",
	"storage/postgres/pgtest/pgtest.go:DropRole":      "DROP OWNED/ROLE take no parameters; the role name is quoted by pgx.Identifier.Sanitize",
}

// sqlFuncs are the package's functions that run a query they are given
// (function name -> index of the query argument): their callers are
// checked as callers of Exec and Query are.
var sqlFuncs = map[string]int{"eachRow": 2}

var sqlMethods = map[string]int{ // method name -> index of the query argument
	"Exec": 0, "Query": 0, "QueryRow": 0, "Prepare": 0, "QueryEach": 0, // storecore.Querier
	"ExecContext": 1, "QueryContext": 1, "QueryRowContext": 1, "PrepareContext": 1,
}

// unsafeSQL returns "file:function: line" for every Exec/Query/Prepare call
// in f whose query is not built from string literals and constants alone.
// A local variable is followed through all its assignments in the function
// (q := `...`; q += ` AND x = ?` is fine).
func unsafeSQL(fset *token.FileSet, f *ast.File, rel string, consts, stmts map[string]bool) []string {
	var out []string
	for _, decl := range f.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		// Every assignment to a local name in this function.
		assigns := map[string][]ast.Expr{}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.AssignStmt:
				for i, l := range x.Lhs {
					id, ok := l.(*ast.Ident)
					if !ok {
						continue
					}
					if len(x.Rhs) == len(x.Lhs) {
						assigns[id.Name] = append(assigns[id.Name], x.Rhs[i])
					} else {
						assigns[id.Name] = append(assigns[id.Name], x.Rhs[0]) // multi-value: a call, unsafe
					}
				}
			case *ast.ValueSpec:
				for i, id := range x.Names {
					if i < len(x.Values) {
						assigns[id.Name] = append(assigns[id.Name], x.Values[i])
					}
				}
			case *ast.DeclStmt:
				if g, ok := x.Decl.(*ast.GenDecl); ok && g.Tok == token.CONST {
					for _, s := range g.Specs {
						for _, id := range s.(*ast.ValueSpec).Names {
							consts[id.Name] = true
						}
					}
				}
			}
			return true
		})
		var safe func(e ast.Expr, seen map[string]bool) bool
		safe = func(e ast.Expr, seen map[string]bool) bool {
			switch x := e.(type) {
			case *ast.BasicLit:
				return x.Kind == token.STRING
			case *ast.ParenExpr:
				return safe(x.X, seen)
			case *ast.BinaryExpr:
				return x.Op == token.ADD && safe(x.X, seen) && safe(x.Y, seen)
			case *ast.Ident:
				if seen[x.Name] {
					return true // q = q + ...: judged by its other parts
				}
				rhs, local := assigns[x.Name]
				if !local {
					return consts[x.Name]
				}
				seen[x.Name] = true
				for _, r := range rhs {
					if !safe(r, seen) {
						return false
					}
				}
				return true
			}
			return false // calls (fmt.Sprintf, strings.Join), fields, parameters...
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); ok {
				// The package's own query helpers: their callers' queries.
				if idx, ok := sqlFuncs[id.Name]; ok && len(call.Args) > idx && !safe(call.Args[idx], map[string]bool{}) {
					out = append(out, rel+":"+fd.Name.Name+": line "+strconv.Itoa(fset.Position(call.Pos()).Line))
				}
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			idx, ok := sqlMethods[sel.Sel.Name]
			if ok && idx == 0 && len(call.Args) > 1 {
				// pgx (storage/postgres) takes the context first in
				// Exec/Query/QueryRow: the query is the next argument.
				if id, isID := call.Args[0].(*ast.Ident); isID && (strings.HasSuffix(id.Name, "ctx") || strings.HasSuffix(id.Name, "Ctx")) {
					idx = 1
				}
			}
			if !ok || len(call.Args) <= idx {
				return true
			}
			if stmts[lastName(sel.X)] {
				return true // a prepared statement: its arguments are values
			}
			if !safe(call.Args[idx], map[string]bool{}) {
				out = append(out, rel+":"+fd.Name.Name+": line "+strconv.Itoa(fset.Position(call.Pos()).Line))
			}
			return true
		})
	}
	return out
}

func lastName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}

// preparedStatements collects the names (variables, fields, parameters)
// that hold a *sql.Stmt: declared with that type, or assigned from a
// Prepare/PrepareContext call. Without type checking, this is how the
// checker tells stmt.ExecContext(ctx, value) from db.ExecContext(ctx, query).
func preparedStatements(files []*ast.File, into map[string]bool) {
	isStmt := func(t ast.Expr) bool {
		if st, ok := t.(*ast.StarExpr); ok {
			if sel, ok := st.X.(*ast.SelectorExpr); ok {
				return sel.Sel.Name == "Stmt"
			}
		}
		return false
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.Field:
				if isStmt(x.Type) {
					for _, id := range x.Names {
						into[id.Name] = true
					}
				}
			case *ast.ValueSpec:
				if x.Type != nil && isStmt(x.Type) {
					for _, id := range x.Names {
						into[id.Name] = true
					}
				}
			case *ast.AssignStmt:
				if len(x.Rhs) == 1 {
					if call, ok := x.Rhs[0].(*ast.CallExpr); ok {
						if sel, ok := call.Fun.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Prepare") {
							into[lastName(x.Lhs[0])] = true
						}
					}
				}
			}
			return true
		})
	}
}

// TestNoSQLBuiltFromStrings fails on any new SQL built by concatenating or
// formatting non-constant strings into Query/Exec/Prepare calls: values go
// through ? parameters. Existing, reviewed exceptions are in sqlAllowlist.
func TestNoSQLBuiltFromStrings(t *testing.T) {
	root := filepath.Join("..")
	fset := token.NewFileSet()
	pkgs := map[string][]*ast.File{}
	rels := map[*ast.File]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "vendor" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return nil // someone's file mid-edit; the compiler will say so
		}
		rel, _ := filepath.Rel(root, p)
		rels[f] = filepath.ToSlash(rel)
		pkgs[filepath.Dir(p)] = append(pkgs[filepath.Dir(p)], f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	used := map[string]bool{}
	for _, files := range pkgs {
		consts, stmts := map[string]bool{}, map[string]bool{}
		preparedStatements(files, stmts)
		for _, f := range files {
			for _, d := range f.Decls {
				if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
					for _, s := range g.Specs {
						for _, id := range s.(*ast.ValueSpec).Names {
							consts[id.Name] = true
						}
					}
				}
			}
		}
		for _, f := range files {
			for _, hit := range unsafeSQL(fset, f, rels[f], consts, stmts) {
				key := hit[:strings.Index(hit, ": line")]
				if _, ok := sqlAllowlist[key]; ok {
					used[key] = true
					continue
				}
				bad = append(bad, hit)
			}
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("SQL built from non-constant strings (use ? parameters, or add a reviewed entry to sqlAllowlist): %s", b)
	}
	for key := range sqlAllowlist {
		if !used[key] {
			t.Logf("sqlAllowlist entry %s is no longer needed", key)
		}
	}
}

// The checker itself: flags Sprintf, concatenated variables and
// parameters; passes literals, constants and constant-built locals.
func TestSQLCheckerSelfTest(t *testing.T) {
	src := `package x
const cols = "a, b"
func good(db DB, annotator string) {
	db.Exec("DELETE FROM t WHERE id = ?", 1)
	db.QueryContext(ctx, ` + "`SELECT ` + cols + ` FROM t`" + `)
	q := "SELECT " + cols + " FROM t WHERE doc = ?"
	if annotator != "" {
		q += " AND annotator = ?"
	}
	db.Query(q, 1)
}
func bad(db DB, name, order string) {
	db.Exec(fmt.Sprintf("DELETE FROM t WHERE name = '%s'", name))
	db.QueryRow("SELECT * FROM t ORDER BY x " + order)
	q := "SELECT * FROM t WHERE name = '" + name + "'"
	db.QueryContext(ctx, q)
	stmt := strings.Join([]string{"a", name}, ",")
	db.Prepare(stmt)
}
func prepared(tx Tx, name string) {
	st, _ := tx.Prepare("SELECT * FROM t WHERE name = ?")
	st.QueryRow(name)
	var s2 *sql.Stmt
	s2.ExecContext(ctx, name)
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	stmts := map[string]bool{}
	preparedStatements([]*ast.File{f}, stmts)
	hits := unsafeSQL(fset, f, "x.go", map[string]bool{"cols": true}, stmts)
	if len(hits) != 4 {
		t.Fatalf("flagged %d calls, want the 4 in bad(): %v", len(hits), hits)
	}
	for _, h := range hits {
		if !strings.HasPrefix(h, "x.go:bad:") {
			t.Errorf("flagged %s", h)
		}
	}
}
