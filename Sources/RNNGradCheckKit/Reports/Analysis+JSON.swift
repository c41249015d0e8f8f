import RNNGradCheck

// The analyses for programs (notes/dynamics.md documents every field). Non-finite numbers are null.

extension GradientDynamics {
    public func json() -> JSONValue {
        let s = symbols
        return .object([
            ("state", .string(s.state("k"))),
            ("state_meaning", .string(s.stateMeaning)),
            ("jacobian", .string(s.jacobian)),
            ("jacobian_source", .string(s.jacobianSource)),
            ("bound", .string(s.bound)),
            ("recurrent_matrix", .string(s.recurrentSymbol)),
            ("recurrent_norm", .number(recurrentNorm)),
            ("recurrent_norm_converged", .bool(recurrentNormConverged)),
            ("activation", .string(s.activation)),
            ("slope_bound", .number(s.slopeBound)),
            ("uniform_step_bound", .number(uniformStepBound)),
            ("measured_lags", .integer(measuredLags)),
            ("steps", .array(stepJacobians.map { step in
                .object([
                    ("step", .integer(step.step)),
                    ("jacobian_norm", .number(step.jacobianNorm)),
                    ("slope_norm", .number(step.slopeNorm)),
                    ("bound", .number(step.bound)),
                    ("saturated_fraction", .number(step.saturatedFraction)),
                ])
            })),
            ("lags", .array(lags.map { lag in
                .object([
                    ("lag", .integer(lag.lag)),
                    ("product_norm", .number(lag.productNorm)),
                    ("product_bound", .number(lag.productBound)),
                    ("uniform_bound", .number(lag.uniformBound)),
                    ("error_gradient_norm", .number(lag.errorGradientNorm)),
                    ("relative_error_gradient", .number(lag.relativeErrorGradient)),
                    ("output", .integer(lag.output)),
                ])
            })),
            ("per_step_factor", perStepFactor.map { .number($0) } ?? .null),
            ("regime", .string(regime.rawValue)),
            ("negligible_lag", negligibleLag.map { .object([("lag", .integer($0.lag)), ("extrapolated", .bool($0.extrapolated))]) } ?? .null),
        ])
    }
}

extension StepSizeSweep {
    public func json() -> JSONValue {
        .object([
            ("measure", .string("max over the block's entries of |analytic − numerical| / max(|analytic|, |numerical|)")),
            ("blocks", .array(blocks.map { .string($0.key) })),
            ("chosen_steps", .object(DifferenceScheme.allCases.compactMap { scheme in chosenSteps[scheme].map { (scheme.rawValue, .number($0)) } })),
            ("schemes", .array(DifferenceScheme.allCases.map { scheme in
                .object([
                    ("method", .string(scheme.rawValue)),
                    ("points", .array(points(scheme).map { point in
                        .object([
                            ("step", .number(point.step)),
                            ("worst_error", .number(point.worstError)),
                            ("block_errors", .array(point.blockErrors.map { .number($0) })),
                        ])
                    })),
                    ("bottom", minimum(scheme).map { .object([("step", .number($0.step)), ("worst_error", .number($0.worstError))]) } ?? .null),
                ])
            })),
        ])
    }
}

extension StepAttribution {
    public func json(lossSymbol: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("resolution", .string(resolution.rawValue)),
            ("truncate", truncation.map(JSONValue.integer) ?? .null),
            ("tolerance", .number(tolerance)),
            ("agrees", .bool(agrees)),
        ]
        members.append(("first_parting", firstParting.map { Self.json($0, lossSymbol: lossSymbol) } ?? .null))
        members.append(("summaries", .array(summaries.map { summary in
            .object([
                ("lag", summary.lag.map(JSONValue.integer) ?? .null),
                ("output", summary.output.map(JSONValue.integer) ?? .null),
                ("implementation_norm", .number(summary.analyticNorm)),
                ("complex_step_norm", .number(summary.numericalNorm)),
                ("difference_norm", .number(summary.differenceNorm)),
                ("max_relative_error", .number(summary.worstRelativeError)),
                ("parts", .bool(summary.parts)),
            ])
        })))
        members.append(("cells", .array(cells.map { cell in
            .object([
                ("output", .integer(cell.output)),
                ("lag", cell.lag.map(JSONValue.integer) ?? .null),
                ("parts", .bool(cell.parts)),
                ("blocks", .array(cell.blocks.map { block in
                    .object([
                        ("key", .string(block.key)),
                        ("verdict", .string(block.verdict.rawValue)),
                        ("max_relative_error", .number(block.maxRelativeError)),
                    ])
                })),
            ])
        })))
        return .object(members)
    }

    /// The first broken step: lag (null at the outputs resolution), outputs, blocks, hints.
    public static func json(_ parting: Parting, lossSymbol: String) -> JSONValue {
        .object([
            ("lag", parting.lag.map(JSONValue.integer) ?? .null),
            ("output", .integer(parting.output)),
            ("outputs", .array(parting.outputs.map(JSONValue.integer))),
            ("blocks", .array(parting.blocks.map { .string($0) })),
            ("summary", .string(AnalysisText.firstBrokenStep(parting))),
            ("sentence", .string(AnalysisText.parting(parting, lossSymbol: lossSymbol))),
            ("equations", .array(parting.equations.map { .string($0) })),
        ])
    }
}

extension TruncationBias {
    public func json() -> JSONValue {
        .object([
            ("source", .string(source.rawValue)),
            ("reference", .string("the complex-step gradient of E (full BPTT's objective)")),
            ("truncations", .array(rows.map { row in
                .object([
                    ("truncate", .integer(row.truncation)),
                    ("blocks", .array(row.blocks.map { block in
                        .object([
                            ("key", .string(block.key)),
                            ("relative_norm_deviation", .number(block.relativeNorm)),
                            ("max_relative_deviation", .number(block.worstRelative)),
                            ("at", block.worstLabel.map { .string($0) } ?? .null),
                        ])
                    })),
                ])
            })),
        ])
    }
}

extension CaseAnalysis {
    /// The case and every analysis that ran (or why it did not).
    public func json() -> JSONValue {
        let problemCase = self.problemCase
        var members: [(key: String, value: JSONValue)] = [
            ("notation", .string(problemCase.notation.name)),
            ("origin", .string(problemCase.origin)),
            ("sizes", .object(problemCase.sizes.map { ($0.name, .integer($0.value)) })),
            ("truncate", problemCase.truncation.map(JSONValue.integer) ?? .null),
        ]
        if let dynamics { members.append(("dynamics", dynamics.json())) }
        if let sweep { members.append(("sweep", sweep.json())) }
        if let attribution { members.append(("attribution", attribution.json(lossSymbol: problemCase.notation.lossSymbol))) }
        if let truncationBias { members.append(("truncation_bias", truncationBias.json())) }
        if !notes.isEmpty { members.append(("not_run", .object(notes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))) }
        return .object(members)
    }
}
