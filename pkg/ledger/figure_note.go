package ledger

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// FigureNote is the note that ends every figure a claim draws, so that an exported figure
// says how it was made: the tier, the seed, the precision the networks trained in, and the
// command that remakes it, with the flags for the settings that differ from the defaults
// (cost assumptions, hardware series). cfg is the Config the claim ran with and preset the
// tier's preset (claim.Config(scale)); fields of cfg that differ from the preset in ways no
// flag can say (a notebook's knobs) are listed, and the command is then said to make the
// preset's figure instead.
func FigureNote(scale claims.Scale, cfg, preset any) string {
	seed := uint64(0)
	if v := reflect.ValueOf(cfg); v.Kind() == reflect.Struct {
		if f := v.FieldByName("Seed"); f.IsValid() && f.Kind() == reflect.Uint64 {
			seed = f.Uint()
		}
	}
	prec := "" // the precision the nets trained in, for a claim that trains nets
	if p, ok := configPrecision(cfg); ok {
		prec = ", " + p.String()
	}
	command := fmt.Sprintf("go run ./cmd/reproduce -scale %s -seed %d", scale, seed)
	if flags := configFlags(cfg); flags != "" {
		command += " " + flags
	}
	if changed := changedFields(cfg, preset); len(changed) > 0 {
		return fmt.Sprintf("%s tier, seed %d%s, with %s changed from the tier's preset (%s makes the preset's).",
			scale, seed, prec, strings.Join(changed, ", "), command)
	}
	return fmt.Sprintf("%s tier, seed %d%s (%s).", scale, seed, prec, command)
}

// flagFields are the Config fields a reproduce flag sets (or the run passes), which
// configFlags writes as flags and changedFields leaves out.
var flagFields = map[string]bool{"Seed": true, "Assumptions": true, "Series": true}

// configFlags are the flags, besides -scale and -seed, that set cfg's settings: the cost
// assumptions that differ from the defaults, for a claim that takes them, and
// -hardware-series for hardware-growth on another series than the default.
func configFlags(cfg any) string {
	var flags []string
	v := reflect.ValueOf(cfg)
	if v.Kind() != reflect.Struct {
		return ""
	}
	if f := v.FieldByName("Assumptions"); f.IsValid() && f.Type() == assumptionsType {
		a := f.Interface().(costmodel.Assumptions)
		def := costmodel.DefaultAssumptions()
		for _, p := range costmodel.Params() {
			if v := p.Get(&a); v != p.Get(&def) {
				flags = append(flags, fmt.Sprintf("-%s %g", p.Name, v))
			}
		}
	}
	if hc, ok := cfg.(claims.HardwareGrowthConfig); ok && hc.Series != "" && hc.Series != datasets.MachinesFastest {
		flags = append(flags, "-hardware-series "+hc.Series)
	}
	return strings.Join(flags, " ")
}

// changedFields lists, as Name=value, the exported fields of cfg that differ from preset's,
// but for those a flag sets.
func changedFields(cfg, preset any) []string {
	v, p := reflect.ValueOf(cfg), reflect.ValueOf(preset)
	if v.Kind() != reflect.Struct || v.Type() != p.Type() {
		return nil
	}
	var out []string
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || flagFields[f.Name] || reflect.DeepEqual(v.Field(i).Interface(), p.Field(i).Interface()) {
			continue
		}
		val := fmt.Sprintf("%v", v.Field(i).Interface())
		if r := []rune(val); len(r) > 40 {
			val = string(r[:39]) + "…"
		}
		out = append(out, f.Name+"="+val)
	}
	return out
}
