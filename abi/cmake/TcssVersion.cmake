# The library's version, read from its one source: the TCSS_VERSION_MAJOR,
# _MINOR and _PATCH macros of include/tcss/tcss.h (zstd reads zstd.h the same
# way in build/cmake/CMakeModules/GetZstdLibraryVersion.cmake). Sets
# TCSS_VERSION ("MAJOR.MINOR.PATCH") in the caller's scope; everything that
# carries a version (the library file, tcss.pc, the CMake package, the CLI,
# the Python and Java bindings, the Jenkins pom, the GitLab component's image
# tag) follows it or is tested against it.
function(tcss_read_version header)
  file(STRINGS "${header}" _lines REGEX "^#define TCSS_VERSION_(MAJOR|MINOR|PATCH) +[0-9]+")
  foreach(_part MAJOR MINOR PATCH)
    set(_value "")
    foreach(_line IN LISTS _lines)
      if(_line MATCHES "^#define TCSS_VERSION_${_part} +([0-9]+)")
        set(_value ${CMAKE_MATCH_1})
      endif()
    endforeach()
    if(_value STREQUAL "")
      message(FATAL_ERROR "TCSS_VERSION_${_part} not found in ${header}")
    endif()
    set(_${_part} ${_value})
  endforeach()
  set(TCSS_VERSION "${_MAJOR}.${_MINOR}.${_PATCH}" PARENT_SCOPE)
endfunction()
