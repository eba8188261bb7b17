# Debian packages by CPack (included at the end of the top-level CMakeLists.txt):
#
#   cmake -S . -B build -DCMAKE_INSTALL_PREFIX=/usr     # multiarch libdir, no RUNPATH
#   cmake --build build --target package                # -> build/*.deb
#
#   libtcss1     usr/lib/<triplet>/libtcss.so.1{,.0.0}, shlibs + ldconfig trigger
#   libtcss-dev  header, libtcss.so, tcss.pc, the CMake package; Depends libtcss1 (= version)
#   tcss         usr/bin/tcss and tcss(1), generated from the option table (man/gen-man.c);
#                usr/libexec/tcss/{tcss-post-build,tcss-gitlab-register} (plugins/gitlab)
#
# Depends come from dpkg-shlibdeps (libcurl, libcjson, libmbedcrypto, libc).
# Each package carries /usr/share/doc/<package>/{copyright,changelog.gz}.
# The docs and the man page are EXCLUDE_FROM_ALL: `cmake --install` without a
# component (tests/install) installs exactly what it did before.
# tests/packaging/ builds, lints, installs and uses the packages.

set(TCSS_DEB_MAINTAINER "libtcss maintainers <libtcss@example.org>" CACHE STRING
    "Maintainer field of the Debian packages")
set(TCSS_DEB_SOURCE libtcss)
include(GNUInstallDirs)
set(_pk ${CMAKE_CURRENT_LIST_DIR})
set(_pk_out ${PROJECT_BINARY_DIR}/packaging)
set(_pk_docdir ${CMAKE_INSTALL_DATAROOTDIR}/doc)

find_program(TCSS_GZIP gzip)
set(_pk_components lib dev)
if(TARGET tcss_cli)
  list(APPEND _pk_components cli)
endif()

# changelog.gz and copyright for each package; gzip -9n: no name, no time,
# so the packages are reproducible.
configure_file(${_pk}/debian/changelog.in ${_pk_out}/changelog @ONLY)
if(TCSS_GZIP)
  add_custom_command(OUTPUT ${_pk_out}/changelog.gz
    COMMAND ${TCSS_GZIP} -9nc ${_pk_out}/changelog > ${_pk_out}/changelog.gz
    DEPENDS ${_pk_out}/changelog VERBATIM)
  set(_pk_gz_outputs ${_pk_out}/changelog.gz)
endif()

# tcss(1) from the same rows that parse the options and print --help.
if(TARGET tcss_cli)
  add_executable(tcss_gen_man ${_pk}/man/gen-man.c ${PROJECT_SOURCE_DIR}/src/cli/opts.c)
  target_include_directories(tcss_gen_man PRIVATE ${PROJECT_SOURCE_DIR}/src/cli
                             ${PROJECT_SOURCE_DIR}/include)
  set_target_properties(tcss_gen_man PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF
                        RUNTIME_OUTPUT_DIRECTORY ${_pk_out})
  add_custom_command(OUTPUT ${_pk_out}/tcss.1
    COMMAND tcss_gen_man ${PROJECT_VERSION} 2026-12-02 > ${_pk_out}/tcss.1
    DEPENDS tcss_gen_man VERBATIM)
  if(TCSS_GZIP)
    add_custom_command(OUTPUT ${_pk_out}/tcss.1.gz
      COMMAND ${TCSS_GZIP} -9nc ${_pk_out}/tcss.1 > ${_pk_out}/tcss.1.gz
      DEPENDS ${_pk_out}/tcss.1 VERBATIM)
    list(APPEND _pk_gz_outputs ${_pk_out}/tcss.1.gz)
    install(FILES ${_pk_out}/tcss.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
      COMPONENT cli EXCLUDE_FROM_ALL)
  endif()
endif()
# The GitLab runner hook and the GitLab component's script go with the
# command: /usr/libexec/tcss/tcss-post-build and tcss-gitlab-register
# (plugins/gitlab/README.md names these paths; the tcss image gets them here).
if(TARGET tcss_cli)
  install(PROGRAMS ${PROJECT_SOURCE_DIR}/plugins/gitlab/runner/tcss-post-build
    DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/tcss COMPONENT cli EXCLUDE_FROM_ALL)
  install(PROGRAMS ${PROJECT_SOURCE_DIR}/plugins/gitlab/src/tcss-gitlab-register.sh
    DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/tcss RENAME tcss-gitlab-register COMPONENT cli EXCLUDE_FROM_ALL)
endif()
# Part of `all`, so that `--target package` (which builds `all`) has them.
add_custom_target(tcss_package_files ALL DEPENDS ${_pk_gz_outputs} ${_pk_out}/changelog)

set(_pk_names_lib libtcss1)
set(_pk_names_dev libtcss-dev)
set(_pk_names_cli tcss)
foreach(_c ${_pk_components})
  install(FILES ${_pk}/debian/copyright DESTINATION ${_pk_docdir}/${_pk_names_${_c}}
    COMPONENT ${_c} EXCLUDE_FROM_ALL)
  if(TCSS_GZIP)
    install(FILES ${_pk_out}/changelog.gz DESTINATION ${_pk_docdir}/${_pk_names_${_c}}
      COMPONENT ${_c} EXCLUDE_FROM_ALL)
  endif()
endforeach()

# Packages from a /usr/local build would put files under /usr/local (Debian
# policy forbids it), in lib/ rather than the multiarch folder, with a
# RUNPATH: refuse at `--target package` time, saying what to do.
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "package: Debian packages need -DCMAKE_INSTALL_PREFIX=/usr "
                 "(multiarch libdir, no RUNPATH); this build installs to ${CMAKE_INSTALL_PREFIX}")
  file(WRITE ${_pk_out}/refuse-prefix.cmake
    "message(FATAL_ERROR \"Debian packages need a build configured with "
    "-DCMAKE_INSTALL_PREFIX=/usr (this one installs to ${CMAKE_INSTALL_PREFIX}): "
    "cmake -S ${PROJECT_SOURCE_DIR} -B ${PROJECT_BINARY_DIR} -DCMAKE_INSTALL_PREFIX=/usr\")\n")
  set(CPACK_PROJECT_CONFIG_FILE ${_pk_out}/refuse-prefix.cmake)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${TCSS_DEB_SOURCE})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "libtcss")
set(CPACK_PACKAGE_CONTACT "${TCSS_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
# Install under DESTDIR with the real prefix (/usr), so that files written at
# install time (tcss.pc, install.cmake) name /usr, not CPack's staging folder.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR})
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL ${_pk_components})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://cloud.tencent.com/document/api/1138")
set(CPACK_DEBIAN_PACKAGE_SOURCE ${TCSS_DEB_SOURCE})
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# dpkg-shlibdeps finds libtcss.so.1 for the tcss package in the build tree.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${CMAKE_LIBRARY_OUTPUT_DIRECTORY})
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS ${CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS})

set(CPACK_DEBIAN_LIB_PACKAGE_NAME libtcss1)
set(CPACK_DEBIAN_LIB_PACKAGE_SECTION libs)
# Every call is HTTPS to the API: the system's CA certificates (libcurl4 only
# recommends them; a --no-install-recommends root would have none).
set(CPACK_DEBIAN_LIB_PACKAGE_RECOMMENDS ca-certificates)
# Our own shlibs and an ldconfig trigger (Debian policy 8.1.1, 8.6.4) rather
# than CPack's generated ones, which call ldconfig from maintainer scripts.
configure_file(${_pk}/debian/shlibs.in ${_pk_out}/shlibs @ONLY)
set(CPACK_DEBIAN_LIB_PACKAGE_CONTROL_EXTRA ${_pk_out}/shlibs ${_pk}/debian/triggers)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_LIB_DESCRIPTION "register image registries with Tencent Cloud TCSS (library)
libtcss calls the Tencent Cloud Container Security Service API
AddAssetImageRegistryRegistryDetail through a small C ABI: request signing,
retries, rate limiting, validation and redaction of secrets.
.
This package contains the shared library libtcss.so.1.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libtcss-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libtcss1 (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_DEV_DESCRIPTION "register image registries with Tencent Cloud TCSS (development files)
libtcss calls the Tencent Cloud Container Security Service API
AddAssetImageRegistryRegistryDetail through a small C ABI.
.
This package contains the header tcss/tcss.h, the pkg-config file tcss.pc
and the CMake package (find_package(tcss), target tcss::tcss).")

set(CPACK_DEBIAN_CLI_PACKAGE_NAME tcss)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_CLI_PACKAGE_DEPENDS "libtcss1 (>= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_CLI_DESCRIPTION "register image registries with Tencent Cloud TCSS (command)
tcss registers an image registry (Harbor, Quay, JFrog, AWS, Azure, TCR)
with Tencent Cloud Container Security Service from a shell or a CI job, and
runs as a Woodpecker/Drone plugin.")

include(CPack)
