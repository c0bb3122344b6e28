package dataset

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"incidentkit/dataset/scalebench"
	"incidentkit/pipeline"
	"incidentkit/rules"
)

// extracted is a document with what the engine made of it.
type extracted struct {
	doc pipeline.Document
	res pipeline.Result
}

var (
	synthOnce sync.Once
	synthDocs []extracted
	synthEnv  env
	synthErr  error
)

// synthetic extracts, once per test binary, the seed and dev articles and
// 400 synthetic documents made from them (dataset/scalebench: towns of five
// countries, shifted dates and numbers, duplicates and rewrites): enough
// records in one country and year for blocks, vague dates and undated
// records to meet.
func synthetic(t *testing.T) ([]extracted, env) {
	t.Helper()
	synthOnce.Do(func() {
		fsys := rules.Defaults()
		eng, err := pipeline.New(fsys)
		if err != nil {
			synthErr = err
			return
		}
		v, _ := RulesVersion(fsys)
		synthEnv = env{eng, v}
		dir := t.TempDir()
		towns, err := scalebench.Towns(fsys)
		if err != nil {
			synthErr = err
			return
		}
		bases, err := scalebench.LoadBases(context.Background(), eng, []string{corpusDir, "../../shared/dev"})
		if err != nil {
			synthErr = err
			return
		}
		if err := scalebench.NewCorpus(bases, towns, 7).Write(filepath.Join(dir, "synth"), 0, 400); err != nil {
			synthErr = err
			return
		}
		items := make(chan pipeline.Item)
		go pipeline.Walk(context.Background(), []string{corpusDir, "../../shared/dev", filepath.Join(dir, "synth")}, items, &pipeline.Stats{})
		for it := range items {
			if it.Err != nil {
				synthErr = it.Err
				continue
			}
			res, err := eng.Process(it.Doc)
			if err != nil {
				synthErr = err
				continue
			}
			synthDocs = append(synthDocs, extracted{it.Doc, res})
		}
	})
	if synthErr != nil {
		t.Fatal(synthErr)
	}
	return synthDocs, synthEnv
}

func membersOf(k Knowledge, docs []extracted) []member {
	var ms []member
	for _, d := range docs {
		for i, r := range d.res.Records {
			m := member{rec: r, seq: i, published: d.doc.Published}
			m.v = k.view(&m.rec)
			ms = append(ms, m)
		}
	}
	return ms
}

// unblockedCluster is the merge rule read literally, with no blocking:
// every record, most precise date first, then by document and position,
// against every cluster made so far.
func unblockedCluster(ms []member, k Knowledge) []Incident {
	ns := make([]*node, len(ms))
	for i := range ms {
		ns[i] = &node{seq: ms[i].seq, v: ms[i].v, prec: datePrecision(ms[i].v.date), m: &ms[i]}
	}
	sortNodes(ns)
	var all []*cluster
	for _, n := range ns {
		c := k.best(all, n)
		if c == nil {
			c = &cluster{founder: n}
			all = append(all, c)
		}
		c.members = append(c.members, n)
	}
	var out []Incident
	for _, c := range all {
		var mems []*member
		for _, n := range c.members {
			mems = append(mems, n.m)
		}
		out = append(out, k.canonical(mems))
	}
	sort.Slice(out, func(i, j int) bool {
		oi, oj := k.order(&out[i]), k.order(&out[j])
		if oi != oj {
			return oi < oj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func incidentLines(t *testing.T, incs []Incident) string {
	t.Helper()
	var b strings.Builder
	for _, inc := range incs {
		js, err := json.Marshal(inc)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(js)
		b.WriteByte('\n')
	}
	return b.String()
}

// firstDiff shows where two exports part.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n%s\n%s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines vs %d", len(al), len(bl))
}

// TestBlockedEqualsUnblocked: blocking (chunks, year blocks, token indexes,
// undated records by place) changes which clusters a record is compared
// with, never the result.
func TestBlockedEqualsUnblocked(t *testing.T) {
	docs, e := synthetic(t)
	k := NewKnowledge(e.eng)
	ms := membersOf(k, docs)
	prec := map[int]int{}
	for _, m := range ms {
		prec[datePrecision(m.v.date)]++
	}
	// The test means something only if every phase has records.
	for p := 0; p <= 3; p++ {
		if prec[p] == 0 {
			t.Fatalf("no record of date precision %d among %d", p, len(ms))
		}
	}
	want := incidentLines(t, unblockedCluster(ms, k))
	got := incidentLines(t, Cluster(ms, k))
	if got != want {
		t.Fatalf("blocked clustering differs from the unblocked rule: %s", firstDiff(got, want))
	}
	multi := 0
	for _, l := range strings.Split(got, "\n") {
		if strings.Count(l, `"evidence":`) > 1 {
			multi++
		}
	}
	t.Logf("%d records (by precision %v), %d incidents of several sources", len(ms), prec, multi)
	if multi == 0 {
		t.Fatal("no incident has two sources: the corpus exercises no merging")
	}
}

// TestIncrementalEqualsRebuild (property): documents arrive in random
// orders and batches, some are re-extracted with other content (records
// replaced, moved to another block or chunk, removed), and the store merges
// after each batch; the incidents always end equal to a full merge of the
// final records, and to the in-memory clustering.
func TestIncrementalEqualsRebuild(t *testing.T) {
	docs, e := synthetic(t)
	k := NewKnowledge(e.eng)
	ctx := context.Background()
	// The final content of each id: docs[i]. Updated ids first get the
	// content of another document, then their own.
	final := map[string]extracted{}
	for _, d := range docs {
		final[d.doc.ID] = d
	}
	var fin []extracted
	for _, d := range final {
		fin = append(fin, d)
	}
	sort.Slice(fin, func(i, j int) bool { return fin[i].doc.ID < fin[j].doc.ID })
	want := incidentLines(t, Cluster(membersOf(k, fin), k))

	for trial := range 4 {
		rng := rand.New(rand.NewPCG(uint64(trial), 99))
		s := openStore(t, filepath.Join(t.TempDir(), "d.db"))
		type put struct {
			id  string
			src extracted // content put under id
		}
		// Every id gets its final content; one in six first gets another
		// article's, which the final version then replaces.
		var seq []put
		for _, d := range docs {
			if rng.IntN(6) == 0 {
				seq = append(seq, put{d.doc.ID, docs[rng.IntN(len(docs))]})
			}
			seq = append(seq, put{d.doc.ID, d})
		}
		rng.Shuffle(len(seq), func(i, j int) { seq[i], seq[j] = seq[j], seq[i] })
		at := map[string]int{}
		for i, p := range seq {
			j, ok := at[p.id]
			if !ok {
				at[p.id] = i
				continue
			}
			if seq[j].src.doc.ID == p.id { // the final version came first: swap
				seq[i], seq[j] = seq[j], seq[i]
			}
		}
		merges := 0
		for i, p := range seq {
			doc := p.src.doc
			doc.ID = p.id
			res := p.src.res
			recs := make([]pipeline.Record, len(res.Records))
			for j, r := range res.Records {
				r.Doc = p.id
				recs[j] = r
			}
			res.Records = recs
			if err := s.putDocument(ctx, k, doc, "", contentHash(p.src.doc), e.version, res); err != nil {
				t.Fatal(err)
			}
			if rng.IntN(25) == 0 || i == len(seq)-1 {
				if _, err := s.Merge(ctx, k, e.version, false); err != nil {
					t.Fatal(err)
				}
				merges++
			}
		}
		incs, err := s.Incidents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := incidentLines(t, incs); got != want {
			t.Fatalf("trial %d (%d puts, %d merges): incremental merges differ from clustering the final records: %s", trial, len(seq), merges, firstDiff(got, want))
		}
		incremental := dump(t, s)
		if _, err := s.Merge(ctx, k, e.version, true); err != nil {
			t.Fatal(err)
		}
		if full := dump(t, s); full != incremental {
			t.Fatalf("trial %d: the store after incremental merges differs from a full merge: %s", trial, firstDiff(incremental, full))
		}
	}
}

// TestConcurrentIngest: two processes ingest into one store at once, one of
// them held inside its merge while the other commits a changed document.
// The document is merged by one of the two runs: in the end nothing is
// pending and the incidents equal a full merge of the final records.
func TestConcurrentIngest(t *testing.T) {
	if spec := os.Getenv("DATASET_CONCURRENT_CHILD"); spec != "" {
		concurrentChild(spec)
		return
	}
	ctx := context.Background()
	e := loadEnv(t, rules.Defaults())
	dir := t.TempDir()
	path := filepath.Join(dir, "d.db")
	s := openStore(t, path)
	ingest(t, s, e, Options{})
	s.Close()

	// B's input: the first seed article, cut to its first paragraphs, under
	// the same id: an update whose old records are in merged incidents.
	seeds, err := filepath.Glob(filepath.Join(corpusDir, "seeds", "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatal("no seed articles", err)
	}
	data, err := os.ReadFile(seeds[0])
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(string(data), "\n\n")
	changed := strings.Join(paras[:max(1, len(paras)/2)], "\n\n")
	bDir := filepath.Join(dir, "b")
	if err := os.MkdirAll(filepath.Join(bDir, "seeds"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bDir, "seeds", filepath.Base(seeds[0])), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}

	release := filepath.Join(dir, "release")
	child := func(spec string) (*exec.Cmd, *bufio.Scanner) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestConcurrentIngest$")
		cmd.Env = append(os.Environ(), "DATASET_CONCURRENT_CHILD="+spec)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, bufio.NewScanner(out)
	}
	// A ingests the dev articles and stops inside its first merge
	// transaction until released.
	a, aOut := child(strings.Join([]string{path, "../../shared/dev", release}, "\x1f"))
	held := false
	for aOut.Scan() {
		if aOut.Text() == "merging" {
			held = true
			break
		}
	}
	if !held {
		a.Wait()
		t.Fatal("child A never reached its merge")
	}
	// B commits its update and merges. A's transaction holds the write
	// lock, so B's commit waits for it; were it let in, A would write
	// incidents from what it read before B's commit.
	b, bOut := child(strings.Join([]string{path, bDir, ""}, "\x1f"))
	bDone := make(chan error, 1)
	go func() {
		for bOut.Scan() {
		}
		bDone <- b.Wait()
	}()
	var bErr error
	bExited := false
	select {
	case bErr = <-bDone:
		bExited = true
	case <-time.After(3 * time.Second):
	}
	if err := os.WriteFile(release, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for aOut.Scan() {
	}
	if err := a.Wait(); err != nil {
		t.Fatalf("child A: %v", err)
	}
	if !bExited {
		bErr = <-bDone
	}
	if bErr != nil {
		t.Fatalf("child B: %v", bErr)
	}
	if bExited {
		t.Log("B finished while A was held (B did not wait for the lock)")
	}

	s = openStore(t, path)
	var pending, retired int
	if err := s.db.QueryRow(`SELECT (SELECT count(*) FROM records WHERE incident IS NULL), (SELECT count(*) FROM retired)`).Scan(&pending, &retired); err != nil {
		t.Fatal(err)
	}
	if pending != 0 || retired != 0 {
		t.Errorf("after both runs: %d records unmerged, %d retired", pending, retired)
	}
	var hash string
	if err := s.db.QueryRow(`SELECT hash FROM documents WHERE id = ?`, "seeds/"+filepath.Base(seeds[0])).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if hash != contentHash(pipeline.Document{ID: "seeds/" + filepath.Base(seeds[0]), Raw: []byte(changed)}) {
		t.Error("B's update is not in the store")
	}
	got := dump(t, s)
	if _, err := s.Merge(ctx, NewKnowledge(e.eng), e.version, true); err != nil {
		t.Fatal(err)
	}
	if want := dump(t, s); got != want {
		t.Errorf("incidents after two concurrent runs differ from a full merge: %s", firstDiff(got, want))
	}
}

// concurrentChild ingests PATH into DB; with a RELEASE file named, it
// announces its first merge transaction and waits there for the file.
func concurrentChild(spec string) {
	parts := strings.Split(spec, "\x1f")
	db, path, release := parts[0], parts[1], parts[2]
	fsys := rules.Defaults()
	eng, err := pipeline.New(fsys)
	if err != nil {
		os.Exit(3)
	}
	v, _ := RulesVersion(fsys)
	s, err := Open(db)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	opt := Options{Workers: 1}
	if release != "" {
		first := true
		opt.OnMerge = func() {
			if !first {
				return
			}
			first = false
			fmt.Println("merging")
			for i := 0; i < 1200; i++ {
				if _, err := os.Stat(release); err == nil {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
	}
	if _, err := s.Ingest(context.Background(), eng, v, []string{path}, opt); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	s.Close()
	os.Exit(0)
}
