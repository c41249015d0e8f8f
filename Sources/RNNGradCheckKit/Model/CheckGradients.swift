import RNNGradCheck

/// Checks a model's hand-derived gradient against the numerical gradient of its loss.
///
/// Every parameter and gradient block is validated first (names, shapes, finite values); then each
/// entry's derivative is taken by `settings.scheme` (central differences by default) from
/// `model.loss`, and the entries that fail under a finite difference are derived again by the
/// complex step, through the same loss in complex arithmetic, before anything is called wrong.
/// Comparison, tolerance and verdicts are the ones `rnn-gradcheck check` uses.
///
/// - Returns: the check; `passed` says whether every block is within the tolerance, and
///   `description` is the table `rnn-gradcheck check` prints.
/// - Throws: `ModelCheckError` when the parameters or gradients are malformed, when the loss is not
///   finite at the parameters, or when the model's own code throws.
///
/// Inlinable so that the closures calling `model.loss` are compiled in the caller's module, where the
/// model's generic loss is specialized for `Double` and `Complex` (called through the protocol from
/// here, it runs unspecialized and about 30 times slower).
@inlinable
public func checkGradients<Model: GradientCheckable>(of model: Model, settings: CheckSettings = CheckSettings()) throws -> ModelCheck {
    let name = String(describing: Model.self)
    let lossSource = "\(name).loss"
    return try ModelChecking.check(
        parameters: model.parameters, analytic: { try model.gradients() }, settings: settings, reexaminingWith: .complexStep,
        lossSource: lossSource, gradientSource: "\(name).gradients()", model: name,
        loss: { try model.loss($0) }, complexLoss: { try model.loss($0) })
}

/// Checks an analytic gradient against the numerical gradient of a loss written for `Double` only.
///
/// Central differences (or Richardson extrapolation with `settings.scheme = .richardson`); the
/// entries that fail under central differences are derived again by Richardson extrapolation at the
/// same step, which removes the h² truncation error, before anything is called wrong. Where the two
/// disagree with each other the failure message says the numerical gradient is unreliable there.
/// The complex step, exact to rounding, needs a loss generic over the scalar: conform the model to
/// `GradientCheckable` for it.
///
/// ```
/// let check = try checkGradients(parameters: [.vector("w", w)], analytic: [.vector("w", dw)]) { p in
///     let error = try p.vector("w").dot(x) - y
///     return 0.5 * error * error
/// }
/// ```
///
/// - Throws: `ModelCheckError` as `checkGradients(of:settings:)` does, and
///   `.complexStepNeedsGenericLoss` for `settings.scheme == .complexStep`.
public func checkGradients(
    parameters: ModelParameters<Double>, analytic: ModelGradients, settings: CheckSettings = CheckSettings(),
    loss: (ModelParameters<Double>) throws -> Double
) throws -> ModelCheck {
    guard settings.scheme != .complexStep else { throw ModelCheckError.complexStepNeedsGenericLoss }
    return try ModelChecking.check(
        parameters: parameters, analytic: { analytic }, settings: settings,
        reexaminingWith: settings.scheme == .central ? .richardson : nil,
        lossSource: "the loss closure", gradientSource: "the analytic gradient given", model: nil,
        loss: loss, complexLoss: nil)
}

/// The model's own code, with what it throws said to come from `function`.
private func modelCall<Result>(_ function: String, _ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch {
        throw attributed(error, to: function)
    }
}

/// An error the model's code threw, said to come from `function` (a `ModelCheckError`, such as an
/// unknown parameter name, already says what went wrong and passes through as it is).
private func attributed(_ error: Error, to function: String) -> ModelCheckError {
    error as? ModelCheckError ?? .modelThrew(function: function, message: "\(error)")
}

/// The one implementation behind both entry points.
@usableFromInline
enum ModelChecking {
    @usableFromInline
    static func check(
        parameters: ModelParameters<Double>, analytic: () throws -> ModelGradients, settings: CheckSettings,
        reexaminingWith second: DifferenceScheme?, lossSource: String, gradientSource: String, model: String?,
        loss: (ModelParameters<Double>) throws -> Double,
        complexLoss: ((ModelParameters<Complex>) throws -> Complex)?
    ) throws -> ModelCheck {
        // Validate before computing anything.
        try validate(parameters)
        let gradient = try align(try modelCall(gradientSource) { try analytic() }, with: parameters)
        let lossAtPoint = try modelCall(lossSource) { try loss(parameters) }
        guard lossAtPoint.isFinite else { throw ModelCheckError.nonFiniteLoss(source: lossSource, value: lossAtPoint) }

        /// The settings' step for their scheme. A re-examining complex step takes its own default; a
        /// re-examining Richardson extrapolation takes the central step, so that it removes the h² error
        /// of the very differences it re-derives (at its own larger default step it would add an h⁴ one).
        func step(for scheme: DifferenceScheme) -> Double {
            if scheme == settings.scheme { return settings.step }
            return scheme == .richardson && settings.scheme == .central ? settings.step : scheme.defaultStep
        }
        let blocks = parameters.blocks.map { NamedBlock(key: $0.name, symbol: $0.name, shape: $0.shape, values: $0.values) }
        let values = blocks.map(\.values)
        // The first error the loss throws at a perturbed point; that derivative is NaN meanwhile.
        var thrown: Error?
        let result = GradientChecker.check(
            parameters: blocks, analytic: gradient, loss: lossAtPoint, settings: settings, reexaminingWith: second
        ) { (scheme: DifferenceScheme, requestedStep: Double?, entries: [[Int]]?) in
            let h = requestedStep ?? step(for: scheme)
            if scheme == .complexStep {
                // Only a model's generic loss is ever asked for the complex step.
                guard let complexLoss else { preconditionFailure("the complex step of a loss written for Double only") }
                var perturbed = parameters.mapValues { Complex($0) }
                return NumericalDifferentiation.complexStep(values: values, step: h, lossScale: lossAtPoint, entries: entries) { block, entry, value in
                    let original = perturbed[block].values[entry]
                    perturbed.set(block: block, entry: entry, to: value)
                    defer { perturbed.set(block: block, entry: entry, to: original) }
                    do { return try complexLoss(perturbed) } catch {
                        thrown = thrown ?? error
                        return Complex(.nan, .nan)
                    }
                }
            }
            var perturbed = parameters
            return NumericalDifferentiation.differences(
                values: values, scheme: scheme, step: h, entries: entries, lossScale: lossAtPoint
            ) { block, entry, value in
                let original = perturbed[block].values[entry]
                perturbed.set(block: block, entry: entry, to: value)
                defer { perturbed.set(block: block, entry: entry, to: original) }
                do { return try loss(perturbed) } catch {
                    thrown = thrown ?? error
                    return .nan
                }
            }
        }
        if let thrown { throw attributed(thrown, to: lossSource) }
        let reexamining = second.flatMap { settings.reexamine && $0 != settings.scheme ? ($0, step(for: $0)) : nil }
        return ModelCheck(check: result.check, model: model, lossSource: lossSource, gradientSource: gradientSource, reexamining: reexamining)
    }

    /// Every block named, unique, as many values as its shape has entries, every value finite.
    static func validate(_ parameters: ModelParameters<Double>) throws {
        guard !parameters.isEmpty else { throw ModelCheckError.noParameters }
        var seen = Set<String>()
        for (position, block) in parameters.enumerated() {
            guard !block.name.isEmpty else { throw ModelCheckError.emptyName(position: position) }
            guard seen.insert(block.name).inserted else { throw ModelCheckError.duplicateName(block.name) }
            guard block.shape.checkedCount == block.values.count else {
                throw ModelCheckError.valueCount(name: block.name, shape: block.shape, count: block.values.count)
            }
            if let bad = block.values.firstIndex(where: { !$0.isFinite }) {
                throw ModelCheckError.nonFiniteParameter(entry: block.shape.label(block.name, entry: bad), value: block.values[bad])
            }
        }
    }

    /// The gradient's blocks in the parameters' order, flat. Names must match one to one and shapes
    /// must agree; non-finite entries are kept (the comparison reports them as a failure).
    static func align(_ gradients: ModelGradients, with parameters: ModelParameters<Double>) throws -> [[Double]] {
        var seen = Set<String>()
        for block in gradients {
            guard seen.insert(block.name).inserted else { throw ModelCheckError.duplicateName(block.name) }
        }
        let missing = parameters.names.filter { gradients[$0] == nil }
        guard missing.isEmpty else { throw ModelCheckError.missingGradients(names: missing, given: gradients.names) }
        let unexpected = gradients.names.filter { parameters[$0] == nil }
        guard unexpected.isEmpty else { throw ModelCheckError.unexpectedGradients(names: unexpected, parameters: parameters.names) }
        return try parameters.map { parameter in
            let block = gradients[parameter.name]!
            guard block.shape == parameter.shape else {
                throw ModelCheckError.gradientShape(name: parameter.name, parameter: parameter.shape, gradient: block.shape)
            }
            guard block.values.count == parameter.values.count else {
                throw ModelCheckError.valueCount(name: "the gradient of \(parameter.name)", shape: block.shape, count: block.values.count)
            }
            return block.values
        }
    }
}
