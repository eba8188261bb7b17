# Installation of libtcss (included at the end of the top-level CMakeLists.txt).
#
# Installs only what a consumer needs:
#   lib/libtcss.so.1.0.0, the libtcss.so.1 (SONAME) and libtcss.so links
#   include/tcss/*.h                      the public headers
#   bin/tcss                              the CLI, when it is built
#   lib/pkgconfig/tcss.pc                 pkg-config: `pkg-config --cflags --libs tcss`
#   lib/cmake/tcss/tcssConfig*.cmake      find_package(tcss) -> imported target tcss::tcss
# Not tcss_static, tests, bindings or plugins. Everything is relocatable:
# `cmake --install <build> --prefix <anywhere>` works, and so does moving the
# prefix afterwards (the .pc file and the CMake package find themselves).
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

# pkg-config. The prefix is derived from the .pc file's own location
# (${pcfiledir}), so `cmake --install --prefix` and relocation both work.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(TCSS_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(TCSS_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(TCSS_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH _tcss_pc_to_prefix /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
  string(REGEX REPLACE "/$" "" _tcss_pc_to_prefix "${_tcss_pc_to_prefix}")
  set(TCSS_PC_PREFIX "\${pcfiledir}/${_tcss_pc_to_prefix}")
  set(TCSS_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(TCSS_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/tcss.pc.in ${PROJECT_BINARY_DIR}/cmake/tcss.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cmake/tcss.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)
