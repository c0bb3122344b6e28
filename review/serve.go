package review

import (
	"bytes"
	"net/http"
	"strings"

	"incidentkit/dataset"
)

// Handler serves the site of a dataset store, read-only: GET / (the
// documents), /dataset.html and /doc/FILE, each page made from the store
// when asked for, with the pages' content security policy as a header too.
func (s *Site) Handler(st *dataset.Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" && r.URL.Path != "/index.html" {
			http.NotFound(w, r)
			return
		}
		ids, err := st.DocumentIDs(r.Context())
		if err != nil {
			s.fail(w, err)
			return
		}
		counts, err := st.RecordCounts(r.Context())
		if err != nil {
			s.fail(w, err)
			return
		}
		entries := make([]IndexEntry, len(ids))
		for i, id := range ids {
			entries[i] = IndexEntry{ID: id, File: DocFile(id), Records: counts[id]}
		}
		// Scores need every document re-extracted: the static site has them.
		site := *s
		site.scorer, site.gold = nil, nil
		ix := site.NewIndex(entries, nil, true)
		s.send(w, r, func(b *bytes.Buffer) error { return s.WriteIndex(b, ix) })
	})
	mux.HandleFunc("/dataset.html", func(w http.ResponseWriter, r *http.Request) {
		incs, err := st.Incidents(r.Context())
		if err != nil {
			s.fail(w, err)
			return
		}
		d := s.NewDataset(incs)
		s.send(w, r, func(b *bytes.Buffer) error { return s.WriteDataset(b, d) })
	})
	mux.HandleFunc("/doc/", func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/doc/")
		ids, err := st.DocumentIDs(r.Context())
		if err != nil {
			s.fail(w, err)
			return
		}
		for _, id := range ids {
			if DocFile(id) != name {
				continue
			}
			doc, err := st.Document(r.Context(), id)
			if err != nil {
				s.fail(w, err)
				return
			}
			p, err := s.Document(doc)
			if err != nil {
				s.fail(w, err)
				return
			}
			s.send(w, r, func(b *bytes.Buffer) error { return s.WriteDocument(b, p) })
			return
		}
		http.NotFound(w, r)
	})
	return readOnly(mux)
}

// readOnly refuses every method but GET and HEAD.
func readOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "read-only", http.StatusMethodNotAllowed)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// send renders a page whole, then writes it with its headers.
func (s *Site) send(w http.ResponseWriter, r *http.Request, render func(*bytes.Buffer) error) {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		s.fail(w, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", s.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(b.Bytes())
}

func (s *Site) fail(w http.ResponseWriter, err error) {
	http.Error(w, err.Error(), http.StatusInternalServerError)
}
