/// The exercise fixtures, embedded so that `rnn-gradcheck exercise …` works from any directory. Each text
/// is Fixtures/exercises/<file> byte for byte (ExerciseTests compares them): change the two together.
enum ExerciseFixtures {
    /// The text of Fixtures/exercises/`file` ("" for a file that is not embedded).
    static func text(of file: String) -> String { texts.first { $0.file == file }?.text ?? "" }

    static let texts: [(file: String, text: String)] = [
        ("01-wildml-forward-pass.json", #"""
{
  "notation": "wildml",
  "description": "Exercise 1: the wildml forward pass by hand, one step (K=3, H=2, T=1): the loss E only.",
  "source": "numbers chosen by hand for notes/exercises.md; the reference answer is the package's hand-derived BPTT, confirmed against numerical gradients of the objective the fixture poses (GradientChecker.checkAsPosed; with a truncation, the truncated objective) in Tests/RNNGradCheckCLITests/ExerciseTests.swift",
  "parameters": {
    "U": [[0.5, -0.3, 0.1], [0.2, 0.4, -0.6]],
    "V": [[0.7, -0.2], [-0.5, 0.3], [0.1, 0.8]],
    "W": [[0.4, -0.1], [0.3, 0.2]]
  },
  "inputs": [2],
  "targets": [1]
}

"""#),
        ("02-wildml-output-weights.json", #"""
{
  "notation": "wildml",
  "description": "Exercise 2: dE/dV and dE/dW at T=1 by hand, on the network of exercise 1 (K=3, H=2, T=1).",
  "source": "numbers chosen by hand for notes/exercises.md; the reference answer is the package's hand-derived BPTT, confirmed against numerical gradients of the objective the fixture poses (GradientChecker.checkAsPosed; with a truncation, the truncated objective) in Tests/RNNGradCheckCLITests/ExerciseTests.swift",
  "parameters": {
    "U": [[0.5, -0.3, 0.1], [0.2, 0.4, -0.6]],
    "V": [[0.7, -0.2], [-0.5, 0.3], [0.1, 0.8]],
    "W": [[0.4, -0.1], [0.3, 0.2]]
  },
  "inputs": [2],
  "targets": [1]
}

"""#),
        ("03-wildml-bptt.json", #"""
{
  "notation": "wildml",
  "description": "Exercise 3: full wildml BPTT by hand, one hidden unit, two steps (K=2, H=1, T=2): E, dE/dU, dE/dV, dE/dW.",
  "source": "numbers chosen by hand for notes/exercises.md; the reference answer is the package's hand-derived BPTT, confirmed against numerical gradients of the objective the fixture poses (GradientChecker.checkAsPosed; with a truncation, the truncated objective) in Tests/RNNGradCheckCLITests/ExerciseTests.swift",
  "parameters": {
    "U": [[0.3, -0.8]],
    "V": [[0.6], [-0.4]],
    "W": [[0.5]]
  },
  "inputs": [1, 0],
  "targets": [0, 1]
}

"""#),
        ("04-denominator-layout-delta-table.json", #"""
{
  "notation": "denominator-layout",
  "description": "Exercise 4: the denominator-layout delta table by hand (K=2, H=1, T=2): E, dE/dW_in, dE/dW_rec, dE/dW_out.",
  "source": "numbers chosen by hand for notes/exercises.md; the reference answer is the package's hand-derived BPTT, confirmed against numerical gradients of the objective the fixture poses (GradientChecker.checkAsPosed; with a truncation, the truncated objective) in Tests/RNNGradCheckCLITests/ExerciseTests.swift",
  "parameters": {
    "W_in": [[0.4, -0.6]],
    "W_rec": [[-0.5]],
    "W_out": [[0.9], [0.2]]
  },
  "inputs": [0, 1],
  "targets": [1, 1]
}

"""#),
        ("05-index-wise-biases.json", #"""
{
  "notation": "index-wise",
  "description": "Exercise 5: index-wise BPTT with biases by hand (N=M=O=1, T=2): C and the gradients of V, U, W, theta_j, theta_k.",
  "source": "numbers chosen by hand for notes/exercises.md; the reference answer is the package's hand-derived BPTT, confirmed against numerical gradients of the objective the fixture poses (GradientChecker.checkAsPosed; with a truncation, the truncated objective) in Tests/RNNGradCheckCLITests/ExerciseTests.swift",
  "parameters": {
    "V": [[0.8]],
    "U": [[0.3]],
    "W": [[-0.6]],
    "theta_j": [-0.2],
    "theta_k": [0.4]
  },
  "inputs": [[0.5], [-1.0]],
  "targets": [[1.0], [0.0]]
}

"""#),
        ("06-wildml-e3.json", #"""
{
  "notation": "wildml",
  "description": "Exercise 6: the dE_3/dW sum of seeds 000, 003 and 004 (K=3, H=2, T=4): the loss of the fourth output alone, E_3, and its gradients.",
  "source": "numbers chosen by hand for notes/exercises.md; the reference answer is the complex-step derivative of E_3 alone (GradientProblem.outputLoss), cross-checked against BPTT(T=4) minus BPTT(T=3) in Tests/RNNGradCheckCLITests/ExerciseTests.swift",
  "parameters": {
    "U": [[0.2, -0.4, 0.6], [-0.3, 0.5, 0.1]],
    "V": [[0.5, -0.7], [0.3, 0.2], [-0.6, 0.4]],
    "W": [[0.6, -0.3], [0.2, 0.5]]
  },
  "inputs": [0, 2, 1, 2],
  "targets": [2, 1, 2, 0]
}

"""#),
        ("07-wildml-truncated.json", #"""
{
  "notation": "wildml",
  "description": "Exercise 7: truncated BPTT by hand, bptt_truncate = 1 (K=2, H=1, T=3): what seed 000's bptt returns, E and its U, V, W.",
  "source": "numbers chosen by hand for notes/exercises.md; the reference answer is the package's hand-derived BPTT, confirmed against numerical gradients of the objective the fixture poses (GradientChecker.checkAsPosed; with a truncation, the truncated objective) in Tests/RNNGradCheckCLITests/ExerciseTests.swift",
  "parameters": {
    "U": [[-0.4, 0.7]],
    "V": [[0.5], [-0.9]],
    "W": [[0.8]]
  },
  "inputs": [1, 0, 1],
  "targets": [0, 1, 1],
  "truncate": 1
}

"""#),
        ("08-index-wise-softmax-sse.json", #"""
{
  "notation": "index-wise",
  "description": "Exercise 8: the softmax-with-squared-error trap (N=1, M=1, O=3, T=2, softmax output g): C and every gradient.",
  "source": "numbers chosen by hand for notes/exercises.md; the reference answer is the package's hand-derived BPTT, confirmed against numerical gradients of the objective the fixture poses (GradientChecker.checkAsPosed; with a truncation, the truncated objective) in Tests/RNNGradCheckCLITests/ExerciseTests.swift",
  "parameters": {
    "V": [[0.6]],
    "U": [[-0.5]],
    "W": [[0.9], [-0.3], [0.5]],
    "theta_j": [0.1],
    "theta_k": [0.2, -0.1, 0.0]
  },
  "inputs": [[1.0], [0.5]],
  "targets": [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]],
  "output_activation": "softmax"
}

"""#),
        ("09-denominator-layout-code.json", #"""
{
  "notation": "denominator-layout",
  "description": "Exercise 9: the denominator-layout delta table in code (K=4, H=3, T=5): E and every gradient to 1e-6.",
  "source": "numbers chosen by hand for notes/exercises.md; the reference answer is the package's hand-derived BPTT, confirmed against numerical gradients of the objective the fixture poses (GradientChecker.checkAsPosed; with a truncation, the truncated objective) in Tests/RNNGradCheckCLITests/ExerciseTests.swift",
  "parameters": {
    "W_in": [[0.3, -0.5, 0.2, 0.7], [-0.4, 0.1, 0.6, -0.2], [0.5, 0.3, -0.7, 0.1]],
    "W_rec": [[0.2, -0.4, 0.1], [0.5, 0.3, -0.2], [-0.1, 0.6, 0.4]],
    "W_out": [[0.6, -0.3, 0.2], [-0.5, 0.4, 0.1], [0.3, 0.7, -0.6], [-0.2, -0.1, 0.5]]
  },
  "inputs": [0, 3, 1, 1, 2],
  "targets": [3, 1, 1, 2, 0]
}

"""#),
        ("10-index-wise-unfolding-code.json", #"""
{
  "notation": "index-wise",
  "description": "Exercise 10: index-wise BPTT in code with unfolding depth 2 (N=2, M=3, O=2, T=5): C and every gradient to 1e-6.",
  "source": "numbers chosen by hand for notes/exercises.md; the reference answer is the package's hand-derived BPTT, confirmed against numerical gradients of the objective the fixture poses (GradientChecker.checkAsPosed; with a truncation, the truncated objective) in Tests/RNNGradCheckCLITests/ExerciseTests.swift",
  "parameters": {
    "V": [[0.4, -0.7], [0.2, 0.5], [-0.6, 0.3]],
    "U": [[0.5, -0.2, 0.1], [0.3, 0.4, -0.6], [-0.1, 0.2, 0.7]],
    "W": [[0.8, -0.5, 0.3], [-0.4, 0.6, 0.2]],
    "theta_j": [0.1, -0.2, 0.3],
    "theta_k": [-0.1, 0.2]
  },
  "inputs": [[1.0, 0.0], [0.5, -0.5], [0.0, 1.0], [-1.0, 0.5], [0.2, 0.8]],
  "targets": [[0.9, 0.1], [0.2, 0.7], [0.5, 0.5], [0.1, 0.9], [0.8, 0.3]],
  "truncate": 2
}

"""#),
    ]
}
