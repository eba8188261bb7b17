# Installation of libtcss (included at the end of the top-level CMakeLists.txt).
#
# Installs only what a consumer needs:
#   lib/libtcss.so.1.0.0, the libtcss.so.1 (SONAME) and libtcss.so links
#   include/tcss/*.h                      the public headers
#   bin/tcss                              the CLI, when it is built
#   lib/pkgconfig/tcss.pc                 pkg-config: `pkg-config --cflags --libs tcss`
#   lib/cmake/tcss/tcssConfig*.cmake      find_package(tcss) -> imported target tcss::tcss
# Not tcss_static, tests, bindings or plugins. `cmake --install <build>
# --prefix <anywhere>` works; a prefix moved afterwards still works for CMake
# (the package finds itself) and for pkg-config with
# --define-variable=prefix=<new place> (tcss.pc names the prefix it was
# installed to, so that its paths are plain).
# tests/install/ checks all of this (abi.install.*). The Debian packages add
# their docs and the man page (package.cmake), installed only per component.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TCSS_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/tcss CACHE STRING
    "Where tcssConfig.cmake is installed, relative to the prefix")
mark_as_advanced(TCSS_INSTALL_CMAKEDIR)

# Components, one per Debian package (abi/install/package.cmake):
#   lib -> libtcss1, dev -> libtcss-dev, cli -> tcss.
install(TARGETS tcss EXPORT tcssTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT lib NAMELINK_COMPONENT dev
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT lib
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/tcss
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
  FILES_MATCHING PATTERN "*.h")

if(TARGET tcss_cli)
  # Find the installed libtcss.so.1 next door, wherever the prefix ends up;
  # under /usr (a distribution's build, the Debian packages) the loader's
  # own path finds it and Debian policy forbids a RUNPATH.
  if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    file(RELATIVE_PATH _tcss_bin_to_lib
         /prefix/${CMAKE_INSTALL_BINDIR} /prefix/${CMAKE_INSTALL_LIBDIR})
    set_target_properties(tcss_cli PROPERTIES INSTALL_RPATH "$ORIGIN/${_tcss_bin_to_lib}")
  endif()
  install(TARGETS tcss_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
endif()

# CMake package: tcss::tcss. libtcss's own dependencies (libcurl, cJSON,
# mbedcrypto) are private to the shared library, so the package needs none.
install(EXPORT tcssTargets
  NAMESPACE tcss::
  FILE tcssTargets.cmake
  DESTINATION ${TCSS_INSTALL_CMAKEDIR} COMPONENT dev)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/tcssConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/tcssConfig.cmake
  INSTALL_DESTINATION ${TCSS_INSTALL_CMAKEDIR})
# 1.x keeps every symbol and field (abi/ABI.md): any 1.y satisfies a request
# for 1.x with x <= y; 2.0 would not.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cmake/tcssConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmake/tcssConfig.cmake
              ${PROJECT_BINARY_DIR}/cmake/tcssConfigVersion.cmake
  DESTINATION ${TCSS_INSTALL_CMAKEDIR} COMPONENT dev)

# pkg-config. tcss.pc is written at install time with the prefix actually
# installed to (`cmake --install --prefix P`, or /usr inside the Debian
# package), so pkg-config prints plain normalised paths (-I/usr/local/include,
# nothing at all for /usr, whose paths are the compiler's own). A copy moved
# elsewhere is used with `pkg-config --define-variable=prefix=NEW`; the CMake
# package finds itself wherever it is.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(_tcss_pc_libdir "${CMAKE_INSTALL_LIBDIR}")
else()
  set(_tcss_pc_libdir "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(_tcss_pc_includedir "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(_tcss_pc_includedir "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# Stage 1 (configure time): everything but the prefix. Stage 2 (install
# time): the prefix, normalised (no trailing slash, no ./ or ../).
set(TCSS_PC_PREFIX "@TCSS_PC_PREFIX@")
set(TCSS_PC_LIBDIR "${_tcss_pc_libdir}")
set(TCSS_PC_INCLUDEDIR "${_tcss_pc_includedir}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/tcss.pc.in ${PROJECT_BINARY_DIR}/cmake/tcss.pc.in @ONLY)
install(CODE "
  get_filename_component(TCSS_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\" ABSOLUTE)
  configure_file(\"${PROJECT_BINARY_DIR}/cmake/tcss.pc.in\" \"${PROJECT_BINARY_DIR}/cmake/tcss.pc\" @ONLY)
" COMPONENT dev)
install(FILES ${PROJECT_BINARY_DIR}/cmake/tcss.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)
