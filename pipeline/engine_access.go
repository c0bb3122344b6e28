package pipeline

import "incidentkit/extractors/places"

// Gazetteer returns the engine's gazetteer, read-only, so that layers above
// the pipeline (the dataset's map export) resolve place names to coordinates
// exactly as extraction resolved them.
func (e *Engine) Gazetteer() *places.Gazetteer { return e.places }
