// `--image HOST[:PORT]/PATH[:TAG][@sha256:DIGEST]`: the image a pipeline just
// pushed, parsed by the grammar of the OCI distribution reference
// (github.com/distribution/reference, reference.go), and matched against the
// image rows of DescribeAssetImageRegistryList.
//
// Rules (each failure is tcss::Error(TCSS_EINVAL) naming --image and the rule):
//  - the registry host comes first and is required: a first component that
//    holds a '.' or a ':' or is "localhost" (Docker's rule; "library/nginx"
//    has no host and is refused, TCSS lists images with their registry);
//    host labels are letters, digits and '-' (not at either end), an
//    optional :PORT of 1-5 digits, or a bracketed IPv6 address;
//  - the path: one or more components separated by '/', each lower-case
//    letters and digits joined by '.', '_', "__" or any run of '-';
//  - host and path together at most 255 bytes;
//  - a tag of [A-Za-z0-9_] then up to 127 of [A-Za-z0-9_.-];
//  - a digest "sha256:" and 64 lower-case hex digits (other algorithms are
//    refused: TCSS stores sha256 manifest digests);
//  - a tag, a digest or both: at least one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tcss::scan {

struct ImageRef {
    std::string host;        // "harbor.example.com:8443" as given
    std::string repository;  // "team/app"
    std::string tag;         // "" for a digest-only reference
    std::string digest;      // "sha256:..." or ""

    // host/repository: what TCSS calls ImageRepoAddress.
    std::string address() const { return host + "/" + repository; }
    // The reference in canonical form: address[:tag][@digest].
    std::string str() const;
};

ImageRef parse_image_ref(std::string_view text);

// The members of one DescribeAssetImageRegistryList row that identify it.
struct ImageRow {
    std::string repo_address;  // ImageRepoAddress: host/namespace/name, no tag
    std::string tag;           // ImageTag
    std::string digest;        // ImageDigest (the manifest digest)
    bool is_latest = false;    // IsLatestImage
};

enum class RowMatch { None, Tag, Digest };

// How `row` matches `ref`. The address must match: the host without regard
// to case (and a leading "http://" or "https://" or trailing '/' on the row's
// address ignored), the repository exactly. Then, when the reference has a
// digest, the digest decides alone (Digest or None: a tag moves, a digest
// does not); without one, the tag must equal (Tag or None).
RowMatch match_row(const ImageRef &ref, const ImageRow &row);

// The row to scan: the first Digest match; without a digest in the
// reference, the Tag match marked IsLatestImage, else the first Tag match.
// Returns rows.size() when none matches.
std::size_t select_row(const ImageRef &ref, const std::vector<ImageRow> &rows);

}  // namespace tcss::scan
