package claims

import (
	"fmt"
	"math"
)

// dataCentricSummarise averages the runs per model and computes both paths.
func dataCentricSummarise(res *DataCentricResult, in, classes int) {
	cfg := res.Config
	find := func(model, labels string, seed int) DataCentricRun {
		for _, r := range res.Runs {
			if r.Model == model && r.Labels == labels && r.Seed == seed {
				return r
			}
		}
		return DataCentricRun{}
	}
	baseName := DataCentricModelName(in, cfg.Base, classes)
	res.BaseModel = baseName
	for _, h := range cfg.Models {
		name := DataCentricModelName(in, h, classes)
		m := DataCentricModel{Model: name, Params: float64(dataCentricParams(in, h, classes)), IsBase: name == baseName,
			NoisyLow: 1, CleanedLow: 1}
		for s := 0; s < cfg.Seeds; s++ {
			nr, cr := find(name, DataCentricNoisy, s), find(name, DataCentricCleaned, s)
			k := float64(cfg.Seeds)
			m.Noisy += nr.TestAccuracy / k
			m.Cleaned += cr.TestAccuracy / k
			m.NoisyLow, m.NoisyHigh = min(m.NoisyLow, nr.TestAccuracy), max(m.NoisyHigh, nr.TestAccuracy)
			m.CleanedLow, m.CleanedHigh = min(m.CleanedLow, cr.TestAccuracy), max(m.CleanedHigh, cr.TestAccuracy)
			m.NoisyFLOPs += float64(nr.FLOPs) / k
			m.CleanedFLOPs += float64(cr.FLOPs) / k
			m.NoisyValAccuracy += nr.ValAccuracy / k
			m.CleanedValAccuracy += cr.ValAccuracy / k
		}
		res.Models = append(res.Models, m)
	}

	// Per seed: the base on noisy labels; the model-centric choice (best noisy validation
	// accuracy among the candidates); the base on cleaned labels; the best candidate by test.
	model := DataCentricPath{Name: "model-centric: best candidate on noisy validation", GainLow: math.Inf(1), GainHigh: math.Inf(-1)}
	data := DataCentricPath{Name: "data-centric: cleaned labels, original model", GainLow: math.Inf(1), GainHigh: math.Inf(-1)}
	ceiling := DataCentricPath{Name: "model-centric ceiling: best candidate on test", GainLow: math.Inf(1), GainHigh: math.Inf(-1)}
	k := float64(cfg.Seeds)
	res.BaseTrueLow, res.BaseTrueHigh = 1, 0
	res.LeadLow, res.LeadHigh = math.Inf(1), math.Inf(-1)
	for s := 0; s < cfg.Seeds; s++ {
		ref := find(baseName, DataCentricTrue, s).TestAccuracy
		res.BaseTrue += ref / k
		res.BaseTrueLow, res.BaseTrueHigh = min(res.BaseTrueLow, ref), max(res.BaseTrueHigh, ref)
		base := find(baseName, DataCentricNoisy, s)
		res.BaseNoisy += base.TestAccuracy / k
		chosen, best := base, base
		var searchFLOPs float64
		for _, h := range cfg.Models {
			r := find(DataCentricModelName(in, h, classes), DataCentricNoisy, s)
			searchFLOPs += float64(r.FLOPs)
			if r.ValAccuracy > chosen.ValAccuracy {
				chosen = r
			}
			if r.TestAccuracy > best.TestAccuracy {
				best = r
			}
		}
		for i := range res.Models {
			if res.Models[i].Model == chosen.Model {
				res.Models[i].ChosenOnNoisy++
			}
		}
		cleanedBase := find(baseName, DataCentricCleaned, s)
		add := func(p *DataCentricPath, acc float64, flops float64) {
			g := acc - base.TestAccuracy
			p.Accuracy += acc / k
			p.Gain += g / k
			p.GainLow, p.GainHigh = min(p.GainLow, g), max(p.GainHigh, g)
			p.FLOPs += flops / k
		}
		lead := cleanedBase.TestAccuracy - chosen.TestAccuracy
		res.LeadLow, res.LeadHigh = min(res.LeadLow, lead), max(res.LeadHigh, lead)
		add(&model, chosen.TestAccuracy, searchFLOPs)
		add(&data, cleanedBase.TestAccuracy, float64(res.Fixes[s].FLOPs)+float64(cleanedBase.FLOPs))
		add(&ceiling, best.TestAccuracy, searchFLOPs)
	}
	model.Detail = fmt.Sprintf("trains every candidate (%d) on the noisy labels and keeps the best on noisy validation", len(cfg.Models))
	data.Detail = fmt.Sprintf("%d fold models of the original one, then the original model on the cleaned labels", cfg.Folds)
	ceiling.Detail = "picks the candidate with the best test accuracy: an upper bound no practitioner can reach"
	res.ModelPath, res.DataPath, res.BestModelByTest = model, data, ceiling
}
