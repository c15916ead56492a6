import Foundation

/// An image-folder data set, as torchvision's `ImageFolder` reads it: one sub-directory per class (classes sorted by
/// name) holding PNG or JPEG images at any depth; in a directory, or in .zip archives in it.
struct ImageFolder: Sendable {
    /// An image file: its path components below the class level's parent, and how to read it.
    struct File: Sendable {
        /// Path components (the first is the class once common leading directories are stripped).
        var components: [String]
        /// The file's full name, for errors.
        let name: String
        /// Reads the file's bytes.
        let read: @Sendable () throws(TrainerError) -> [UInt8]
    }

    /// File name extensions read as images.
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// The images, grouped by class name.
    let classes: [String: [File]]
    /// Where they came from.
    let source: String

    /// The images under `directory`, or in the .zip archives in it when it holds no images itself. Nil when there
    /// are neither.
    static func find(in directory: String) throws(TrainerError) -> ImageFolder? {
        var files = imageFiles(in: directory)
        var source = directory
        if files.isEmpty {
            let archives = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.lowercased().hasSuffix(".zip") }.sorted()
            for archive in archives {
                let path = directory + "/" + archive
                let zip = try ZipArchive(MNISTFiles.read(path), name: path)
                for entry in zip.entries where isImage(entry.path) {
                    files.append(
                        File(
                            components: entry.path.split(separator: "/").map(String.init),
                            name: "\(path): \(entry.path)"
                        ) {
                            () throws(TrainerError) -> [UInt8] in try zip.contents(of: entry)
                        })
                }
            }
            source = archives.isEmpty ? directory : archives.map { directory + "/" + $0 }.joined(separator: ", ")
        }
        guard !files.isEmpty else { return nil }
        // Strip directories every file shares (an archive's top-level folder, for instance).
        while files.allSatisfy({ $0.components.count >= 3 }), Set(files.map { $0.components[0] }).count == 1 {
            for index in files.indices { files[index].components.removeFirst() }
        }
        let grouped = Dictionary(grouping: files.filter { $0.components.count >= 2 }) { $0.components[0] }
        return ImageFolder(classes: grouped.mapValues { $0.sorted { $0.name < $1.name } }, source: source)
    }

    /// Decodes and resizes the images of `classNames` (label = index in that list) to `channels` x `height` x
    /// `width`. Classes of this folder that are not in `classNames` are an error.
    func load(classNames: [String], channels: Int, height: Int, width: Int) throws(TrainerError) -> ImageSet {
        if let unknown = classes.keys.sorted().first(where: { !classNames.contains($0) }) {
            throw .data("\(source): class folder '\(unknown)' is not one of the training classes \(classNames)")
        }
        var set = ImageSet(
            pixels: [], labels: [], channels: channels, height: height, width: width, classes: classNames)
        for (label, name) in classNames.enumerated() {
            for file in classes[name] ?? [] {
                let image: DecodedImage
                do {
                    image = try DecodedImage(decoding: file.read(), channels: channels)
                } catch {
                    throw .data("\(file.name): \(Self.detail(error))")
                }
                set.pixels += image.resizedCHW(height: height, width: width)
                set.labels.append(Int64(label))
            }
        }
        return set
    }

    private static func imageFiles(in directory: String) -> [File] {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [File] = []
        while let relative = enumerator.nextObject() as? String {
            guard isImage(relative) else { continue }
            let path = root + "/" + relative
            files.append(
                File(components: relative.split(separator: "/").map(String.init), name: path) {
                    () throws(TrainerError) -> [UInt8] in try MNISTFiles.read(path)
                })
        }
        return files
    }

    private static func isImage(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        guard let last = components.last, !components.contains(where: { $0.hasPrefix(".") || $0 == "__MACOSX" })
        else { return false }
        return imageExtensions.contains((String(last) as NSString).pathExtension.lowercased())
    }

    private static func detail(_ error: TrainerError) -> String {
        if case .data(let message) = error { return message }
        return error.description
    }
}
