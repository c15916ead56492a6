import Foundation

/// MNIST-format data (MNIST, Fashion-MNIST, ...): the IDX file pairs of a split, found in channel directories.
struct MNISTFiles: Equatable, Sendable {
    /// A split and the base names of its files.
    enum Split: String, Sendable {
        /// `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`.
        case train
        /// `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`.
        case test = "t10k"

        /// Accepted names of the images file: the canonical one, the `.idx3-ubyte` variant, each optionally `.gz`.
        var imageNames: [String] { names("images", 3) }
        /// Accepted names of the labels file.
        var labelNames: [String] { names("labels", 1) }

        private func names(_ kind: String, _ dims: Int) -> [String] {
            let bases = ["\(rawValue)-\(kind)-idx\(dims)-ubyte", "\(rawValue)-\(kind).idx\(dims)-ubyte"]
            return bases.flatMap { [$0, $0 + ".gz"] }
        }
    }

    /// The class count of MNIST-format labels.
    static let classCount = 10
    /// How deep below a channel directory files are looked for (torchvision nests them in `<Name>/raw/`).
    static let searchDepth = 3

    /// The images file.
    let images: String
    /// The labels file.
    let labels: String

    /// The first directory (in order) holding both files of `split`, looking `searchDepth` levels deep.
    static func find(_ split: Split, in directories: [String]) -> MNISTFiles? {
        for directory in directories {
            let files = listFiles(in: directory)
            if let images = files.first(where: { split.imageNames.contains(($0 as NSString).lastPathComponent) }),
                let labels = files.first(where: { split.labelNames.contains(($0 as NSString).lastPathComponent) })
            {
                return MNISTFiles(images: images, labels: labels)
            }
        }
        return nil
    }

    /// Reads and checks both files: IDX structure, equal counts, labels in 0..<10.
    func load(limit: Int? = nil) throws(TrainerError) -> ImageSet {
        let imageFile = try IDXFile(parsing: Self.read(images), expectedDimensions: 3, name: images)
        let labelFile = try IDXFile(parsing: Self.read(labels), expectedDimensions: 1, name: labels)
        let count = imageFile.dimensions[0]
        guard labelFile.dimensions[0] == count else {
            throw .data("\(images) holds \(count) images but \(labels) holds \(labelFile.dimensions[0]) labels")
        }
        if let bad = labelFile.data.firstIndex(where: { Int($0) >= Self.classCount }) {
            throw .data("\(labels): label \(labelFile.data[bad]) of sample \(bad) is outside 0...9")
        }
        let set = ImageSet(
            pixels: imageFile.data, labels: labelFile.data.map { Int64($0) }, channels: 1,
            height: imageFile.dimensions[1], width: imageFile.dimensions[2],
            classes: (0..<Self.classCount).map(String.init))
        return set.prefix(limit)
    }

    static func read(_ path: String) throws(TrainerError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .data("cannot read \(path)") }
        return [UInt8](data)
    }

    private static func listFiles(in directory: String) -> [String] {
        // Resolve a symlinked channel directory: the enumerator does not descend into a link.
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if enumerator.level > searchDepth { enumerator.skipDescendants() }
            files.append(root + "/" + relative)
        }
        return files.sorted()
    }
}
