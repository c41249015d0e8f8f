import Foundation
import RNNGradCheckCLI

exit(RNNGradCheckCLI.main())
