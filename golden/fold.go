package golden

// Fold normalises a text value as the scorer compares it: NFKD, case-folded,
// diacritics and every non-alphanumeric character removed ("Katyr-Yurt" and
// "katyr yurt" fold alike).
func Fold(s string) string { return newFolder().fold(s) }
