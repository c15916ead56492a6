import Foundation

// The trainer's entry point: `trainer [train]`, as a SageMaker training image's entry point is called.
BLASKernel.selectForThisCPU()
BLASThreads.useCallingThreadOnly()
HeapReuse.keepFreedMemory()
StopSignal.install()
let arguments = CommandLine.arguments.dropFirst()
if let mode = arguments.first, mode != "train" {
    FileHandle.standardError.write(Data("usage: trainer [train]  (got '\(mode)')\n".utf8))
    exit(2)
}
let environmentVariables = ProcessInfo.processInfo.environment
let root = environmentVariables[TrainingEnvironment.baseDirectoryVariable].flatMap { $0.isEmpty ? nil : $0 }
var failureFile = (root ?? TrainingEnvironment.containerRoot) + "/output/failure"
do {
    let environment = try TrainingEnvironment.load(environment: environmentVariables)
    failureFile = environment.failureFile
    try TrainingRun(environment: environment).run()
    exit(0)
} catch {
    FailureReport.write(error.description, to: failureFile)
    Log(rank: Int(environmentVariables["RANK"] ?? "") ?? 0).error(error.description)
    exit(1)
}
