package claims

import (
	"fmt"
	"math"
)

// dataCentricSummarise averages one cell's runs per model and computes its paths.
func dataCentricSummarise(cfg DataCentricConfig, runs []DataCentricRun, fixes []DataCentricFix, in, classes int) DataCentricCell {
	cell := DataCentricCell{Samples: cfg.samples, NoiseRate: cfg.noiseRate, Fixes: fixes}
	find := func(model, labels string, seed int) DataCentricRun {
		for _, r := range runs {
			if r.Model == model && r.Labels == labels && r.Seed == seed {
				return r
			}
		}
		return DataCentricRun{}
	}
	baseName := DataCentricModelName(in, cfg.Base, classes)
	cell.BaseModel = baseName
	for _, h := range cfg.Models {
		name := DataCentricModelName(in, h, classes)
		m := DataCentricModel{Model: name, Params: float64(dataCentricParams(in, h, classes)), IsBase: name == baseName}
		var noisy, cleaned []float64
		for s := 0; s < cfg.Seeds; s++ {
			nr := find(name, DataCentricNoisy, s)
			k := float64(cfg.Seeds)
			noisy = append(noisy, nr.TestAccuracy)
			m.NoisyFLOPs += float64(nr.FLOPs) / k
			m.NoisyValAccuracy += nr.ValAccuracy / k
			if m.IsBase {
				cr := find(name, DataCentricCleaned, s)
				cleaned = append(cleaned, cr.TestAccuracy)
				m.CleanedFLOPs += float64(cr.FLOPs) / k
				m.CleanedValAccuracy += cr.ValAccuracy / k
			}
		}
		n := NewSeedInterval(noisy)
		m.Noisy, m.NoisyLow, m.NoisyHigh = n.Mean, n.Low, n.High
		m.Cleaned, m.CleanedLow, m.CleanedHigh = math.NaN(), math.NaN(), math.NaN()
		if m.IsBase {
			c := NewSeedInterval(cleaned)
			m.Cleaned, m.CleanedLow, m.CleanedHigh = c.Mean, c.Low, c.High
		}
		cell.Models = append(cell.Models, m)
	}

	// Per seed: the base on noisy labels; the model-centric choice (best noisy validation
	// accuracy among the candidates and the noise-robust loss); the base on cleaned labels;
	// the best candidate by test.
	model := DataCentricPath{Name: "model-centric: best candidate on noisy validation"}
	data := DataCentricPath{Name: "data-centric: cleaned labels, original model"}
	robust := DataCentricPath{Name: "noise-robust loss (GCE), original model"}
	ceiling := DataCentricPath{Name: "model-centric ceiling: best candidate on test"}
	var truth []float64
	for s := 0; s < cfg.Seeds; s++ {
		truth = append(truth, find(baseName, DataCentricTrue, s).TestAccuracy)
		base := find(baseName, DataCentricNoisy, s)
		cell.BaseNoisy += base.TestAccuracy / float64(cfg.Seeds)
		candidates := []DataCentricRun{}
		for _, h := range cfg.Models {
			candidates = append(candidates, find(DataCentricModelName(in, h, classes), DataCentricNoisy, s))
		}
		if cfg.RobustQ > 0 {
			candidates = append(candidates, find(baseName, DataCentricRobust, s))
		}
		chosen, best := base, base
		var searchFLOPs float64
		for _, r := range candidates {
			searchFLOPs += float64(r.FLOPs)
			if r.ValAccuracy > chosen.ValAccuracy {
				chosen = r
			}
			if r.TestAccuracy > best.TestAccuracy {
				best = r
			}
		}
		for i := range cell.Models {
			if cell.Models[i].Model == chosen.Model && chosen.Labels == DataCentricNoisy {
				cell.Models[i].ChosenOnNoisy++
			}
		}
		if chosen.Labels == DataCentricRobust {
			cell.RobustChosen++
		}
		cleanedBase := find(baseName, DataCentricCleaned, s)
		add := func(p *DataCentricPath, acc float64, flops float64) {
			p.Gains = append(p.Gains, acc-base.TestAccuracy)
			p.SeedFLOPs = append(p.SeedFLOPs, flops)
			p.Accuracy += acc / float64(cfg.Seeds)
			p.FLOPs += flops / float64(cfg.Seeds)
		}
		cell.Leads = append(cell.Leads, cleanedBase.TestAccuracy-chosen.TestAccuracy)
		add(&model, chosen.TestAccuracy, searchFLOPs)
		add(&data, cleanedBase.TestAccuracy, float64(fixes[s].FLOPs)+float64(cleanedBase.FLOPs))
		add(&ceiling, best.TestAccuracy, searchFLOPs)
		if cfg.RobustQ > 0 {
			r := find(baseName, DataCentricRobust, s)
			add(&robust, r.TestAccuracy, float64(r.FLOPs))
		}
	}
	for _, p := range []*DataCentricPath{&model, &data, &ceiling, &robust} {
		if len(p.Gains) > 0 {
			iv := NewSeedInterval(p.Gains)
			p.Gain, p.GainLow, p.GainHigh = iv.Mean, iv.Low, iv.High
		}
	}
	t := NewSeedInterval(truth)
	cell.BaseTrue, cell.BaseTrueLow, cell.BaseTrueHigh = t.Mean, t.Low, t.High
	l := NewSeedInterval(cell.Leads)
	cell.LeadLow, cell.LeadHigh = l.Low, l.High
	robustNote := ""
	if cfg.RobustQ > 0 {
		robustNote = fmt.Sprintf(" and the original model with the GCE loss (q = %v)", cfg.RobustQ)
	}
	model.Detail = fmt.Sprintf("trains every candidate (%d)%s on the noisy labels and keeps the best on noisy validation", len(cfg.Models), robustNote)
	data.Detail = fmt.Sprintf("%d fold models of the original one, then the original model on the cleaned labels", cfg.Folds)
	ceiling.Detail = "picks the candidate with the best test accuracy: an upper bound no practitioner can reach"
	robust.Detail = "the original model trained once with the generalised cross-entropy (Zhang & Sabuncu 2018)"
	cell.ModelPath, cell.DataPath, cell.BestModelByTest, cell.RobustPath = model, data, ceiling, robust
	return cell
}

// dataCentricTrendOf reads the lead against the size: per seed, the lead at each size
// averaged over the noise rates, and its least-squares slope against log10 n.
func dataCentricTrendOf(cfg DataCentricConfig, cells []DataCentricCell) DataCentricTrend {
	t := DataCentricTrend{SeedLeads: make([][]float64, cfg.Seeds)}
	nr := len(cfg.NoiseRates)
	for i, n := range cfg.Sizes {
		t.Sizes = append(t.Sizes, float64(n))
		perSeed := make([]float64, cfg.Seeds)
		for s := range perSeed {
			for _, c := range cells[i*nr : (i+1)*nr] {
				perSeed[s] += c.Leads[s] / float64(nr)
			}
			t.SeedLeads[s] = append(t.SeedLeads[s], perSeed[s])
		}
		t.Lead = append(t.Lead, NewSeedInterval(perSeed))
	}
	for s := range t.SeedLeads {
		t.SeedSlopes = append(t.SeedSlopes, dataCentricSlope(t.Sizes, t.SeedLeads[s]))
	}
	t.Slope = NewSeedInterval(t.SeedSlopes)
	return t
}

// dataCentricSlope is the least-squares slope of y against log10 x (NaN with fewer than two
// sizes).
func dataCentricSlope(x, y []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	var mx, my float64
	for i := range x {
		mx += math.Log10(x[i]) / float64(len(x))
		my += y[i] / float64(len(x))
	}
	var sxy, sxx float64
	for i := range x {
		dx := math.Log10(x[i]) - mx
		sxy += dx * (y[i] - my)
		sxx += dx * dx
	}
	return sxy / sxx
}
