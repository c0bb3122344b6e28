package dataset

import (
	"bytes"
	"fmt"
	"time"

	"incidentkit/pipeline"
)

// The merge as stages, for a runner that spreads blocks over machines
// (beam/): key every record by its year block or chunk, cluster each year
// block where it lands, bring a chunk's clusters and undated records
// together, and build the canonical rows. Run in that order, the stages give
// exactly the incidents of Cluster and of the store (same blocks, same
// code).

// Source record of a distributed merge: a record, its position in its
// document and the document's publication date.
type MergeRecord struct {
	Record    pipeline.Record
	Seq       int
	Published time.Time
}

func (k Knowledge) node(r *MergeRecord) *node {
	m := &member{rec: r.Record, seq: r.Seq, published: r.Published}
	m.v = k.view(&m.rec)
	return &node{seq: r.Seq, v: m.v, prec: datePrecision(m.v.date), m: m}
}

// BlockKeys are the keys a record is grouped by: its chunk (family and
// country) and, for a dated record, its year block within the chunk ("" for
// an undated record, which waits for the chunk stage).
func (k Knowledge) BlockKeys(r *MergeRecord) (chunk, yearBlock string) {
	v := k.view(&r.Record)
	fam, country := k.chunkKey(&v)
	chunk = fam + "\x00" + country
	if datePrecision(v.date) > 0 {
		yearBlock = chunk + "\x00" + year(*v.date)
	}
	return chunk, yearBlock
}

// ClusterYearBlock clusters the dated records of one year block (all with
// the same yearBlock key), days, then months, then the year.
func (k Knowledge) ClusterYearBlock(recs []MergeRecord) [][]MergeRecord {
	ns := make([]*node, len(recs))
	for i := range recs {
		ns[i] = k.node(&recs[i])
	}
	return fromClusters(k.clusterDated(ns))
}

// ClusterChunk runs the last phase for one chunk: its undated records
// against its dated clusters (from ClusterYearBlock). It returns every
// cluster of the chunk.
func (k Knowledge) ClusterChunk(dated [][]MergeRecord, undated []MergeRecord) [][]MergeRecord {
	pre := make([]*cluster, 0, len(dated))
	for _, c := range dated {
		ns := make([]*node, len(c))
		for i := range c {
			ns[i] = k.node(&c[i])
		}
		sortNodes(ns)
		pre = append(pre, &cluster{founder: ns[0], members: ns})
	}
	us := make([]*node, len(undated))
	for i := range undated {
		us[i] = k.node(&undated[i])
	}
	return fromClusters(k.clusterUndated(pre, us))
}

func fromClusters(cs []*cluster) [][]MergeRecord {
	out := make([][]MergeRecord, len(cs))
	for i, c := range cs {
		for _, n := range c.members {
			out[i] = append(out[i], MergeRecord{Record: n.m.rec, Seq: n.m.seq, Published: n.m.published})
		}
	}
	return out
}

// Canonical builds the incident row of one cluster, and its sort key in
// the dataset (rows sort by key, then id).
func (k Knowledge) Canonical(recs []MergeRecord) (Incident, string) {
	ms := make([]*member, len(recs))
	for i := range recs {
		ms[i] = k.node(&recs[i]).m
	}
	inc := k.canonical(ms)
	return inc, k.order(&inc)
}

// SourceDoc is what an export row says of a source document: the metadata
// the store keeps beside its records (Outlet is the document's Source).
type SourceDoc struct {
	Published          time.Time
	URL, Title, Outlet string
}

// JSONLine is an incident as `dataset export --format jsonl` writes it (the
// layout's columns, without the newline), docs holding its source
// documents by id.
func (l *Layout) JSONLine(inc Incident, docs map[string]SourceDoc) ([]byte, error) {
	r := row{inc: inc, docs: make(map[string]docMeta, len(docs))}
	for id, d := range docs {
		r.docs[id] = docMeta{Published: formatTime(d.Published), URL: d.URL, Title: d.Title, Outlet: d.Outlet}
	}
	var b bytes.Buffer
	if err := l.appendObject(&b, l.cells(&r, nil)); err != nil {
		return nil, fmt.Errorf("incident %s: %w", inc.ID, err)
	}
	return b.Bytes(), nil
}
