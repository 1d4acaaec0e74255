/// Which Liaison this is: shown by `liaison --version`, in the start-up log, in the `/healthz`
/// body and as the `liaison_build_info{version,commit}` gauge.
public enum BuildInfo {
    /// The release version; the one place it is written.
    public static let version = "0.9.0"

    /// The short git commit the binary was built from, or `unknown`.
    ///
    /// SwiftPM offers no way to pass a string into the compiler without a build plugin, so a
    /// plain `swift build` leaves this `unknown`. The container build replaces the value in
    /// `BuildCommit.swift` from its `LIAISON_COMMIT` build argument before compiling (see
    /// deploy/Dockerfile); a release script can do the same with `git rev-parse --short HEAD`.
    public static let commit = buildCommit

    /// `0.9.0 (commit abc1234)`.
    public static var description: String {
        "\(version) (commit \(commit))"
    }
}
