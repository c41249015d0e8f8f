/// The exercise fixtures, embedded at build time from Exercises/Fixtures/ (SwiftPM `.embedInCode`), so
/// that `rnn-gradcheck exercise …` works from any directory. Fixtures/exercises/ links to the same files.
public enum ExerciseFixtures {
    /// The bytes of the fixture `file` (empty for a file that is not embedded; ExerciseTests checks
    /// that every exercise's file is).
    public static func bytes(of file: String) -> [UInt8] { embedded.first { $0.file == file }?.bytes ?? [] }

    /// SwiftPM names each embedded file after its name (a leading digit becomes `_`).
    public static let embedded: [(file: String, bytes: [UInt8])] = [
        ("01-wildml-forward-pass.json", PackageResources._1_wildml_forward_pass_json),
        ("02-wildml-output-weights.json", PackageResources._2_wildml_output_weights_json),
        ("03-wildml-bptt.json", PackageResources._3_wildml_bptt_json),
        ("04-denominator-layout-delta-table.json", PackageResources._4_denominator_layout_delta_table_json),
        ("05-index-wise-biases.json", PackageResources._5_index_wise_biases_json),
        ("06-wildml-e3.json", PackageResources._6_wildml_e3_json),
        ("07-wildml-truncated.json", PackageResources._7_wildml_truncated_json),
        ("08-index-wise-softmax-sse.json", PackageResources._8_index_wise_softmax_sse_json),
        ("09-denominator-layout-code.json", PackageResources._9_denominator_layout_code_json),
        ("10-index-wise-unfolding-code.json", PackageResources._0_index_wise_unfolding_code_json),
        ("11-wildml-vanishing-factor.json", PackageResources._1_wildml_vanishing_factor_json),
        ("12-min-char-rnn-biases.json", PackageResources._2_min_char_rnn_biases_json),
        ("13-wildml-find-the-bug.json", PackageResources._3_wildml_find_the_bug_json),
        ("14-wildml-truncation-bias.json", PackageResources._4_wildml_truncation_bias_json),
    ]
}
