package main

import (
	"slices"
	"strings"

	"github.com/alecthomas/kong"
)

// interspersed moves the positional arguments of a command line after its
// flags, behind "--", so flags may come anywhere: kong ends a list argument
// (PATH...) at the first flag, and `extract run A -o out.jsonl B` would
// leave B unparsed. Command names stay where they are; what follows a "--"
// stays positional; a flag's value stays with its flag (kong's model says
// which flags take one).
func interspersed(app *kong.Application, args []string) []string {
	node := app.Node
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case a == "-" || strings.HasPrefix(a, "-#") || !strings.HasPrefix(a, "-"): // "-#ID": a line of a feed on stdin
			if child := command(node, a); child != nil && len(pos) == 0 {
				node = child
				flags = append(flags, a)
				continue
			}
			pos = append(pos, a)
		default:
			flags = append(flags, a)
			if takesValue(node, a) && i+1 < len(args) {
				i++
				flags = append(flags, args[i])
			}
		}
	}
	if len(pos) == 0 {
		return flags
	}
	return append(append(flags, "--"), pos...)
}

// command returns the subcommand of node called name, or nil.
func command(node *kong.Node, name string) *kong.Node {
	for _, c := range node.Children {
		if c.Type == kong.CommandNode && (c.Name == name || slices.Contains(c.Aliases, name)) {
			return c
		}
	}
	return nil
}

// takesValue reports whether a flag token ("--out", "-o") is followed by its
// value as the next argument: a known flag that is not a boolean, written
// without "=value" (or, short, without the value attached: "-ofile").
func takesValue(node *kong.Node, tok string) bool {
	var match func(f *kong.Flag) bool
	switch {
	case strings.HasPrefix(tok, "--"):
		if strings.Contains(tok, "=") {
			return false
		}
		name := tok[2:]
		match = func(f *kong.Flag) bool { return f.Name == name }
	case len(tok) == 2:
		short := rune(tok[1])
		match = func(f *kong.Flag) bool { return f.Short == short }
	default:
		return false // "-ofile", or a cluster of boolean short flags
	}
	for _, group := range node.AllFlags(false) {
		for _, f := range group {
			if match(f) {
				return !f.IsBool() && !f.IsCounter()
			}
		}
	}
	return false
}
