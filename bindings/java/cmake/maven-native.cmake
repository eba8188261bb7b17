# Run by Maven (pom.xml, phase generate-sources) as
#   cmake -DSOURCE_DIR=<repository root> -DBUILD_DIR=<CMake build folder> -P maven-native.cmake
# Makes sure BUILD_DIR holds what the Maven build takes from CMake:
#   bindings/java/native/<os>/<arch>/libtcss_jni.so   packed into the jar
#   bindings/java/generated/.../TcssValues.java        compiled with the classes
#   bindings/java/loadtest/                            NativeLoadFailureTest's libraries
# A folder without a CMakeCache.txt is configured with only the library and the
# Java binding; an existing build is only built, never reconfigured (its options
# are its owner's).
cmake_minimum_required(VERSION 3.18)
foreach(_var SOURCE_DIR BUILD_DIR)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "maven-native.cmake: -D${_var}=... is required")
  endif()
  get_filename_component(${_var} "${${_var}}" ABSOLUTE)
endforeach()
if(NOT EXISTS "${SOURCE_DIR}/include/tcss/tcss.h")
  message(FATAL_ERROR "maven-native.cmake: ${SOURCE_DIR} is not the libtcss repository (no include/tcss/tcss.h)")
endif()

if(NOT EXISTS "${BUILD_DIR}/CMakeCache.txt")
  message(STATUS "Configuring the native build in ${BUILD_DIR}")
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${BUILD_DIR}" -DCMAKE_BUILD_TYPE=RelWithDebInfo
            -DTCSS_BUILD_JAVA=ON -DTCSS_BUILD_CLI=OFF -DTCSS_BUILD_TESTS=OFF -DTCSS_BUILD_EXAMPLES=OFF
            -DTCSS_BUILD_FUZZ=OFF -DTCSS_BUILD_BENCH=OFF -DTCSS_BUILD_PYTHON=OFF -DTCSS_BUILD_GITLAB=OFF
            -DTCSS_WERROR=ON
    RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "maven-native.cmake: configuring ${BUILD_DIR} failed (${_rc}); "
                        "the build needs scripts/deps/core.apt and java.apt (scripts/install-deps)")
  endif()
endif()

cmake_host_system_information(RESULT _jobs QUERY NUMBER_OF_LOGICAL_CORES)
if(DEFINED ENV{CMAKE_BUILD_PARALLEL_LEVEL})
  set(_jobs $ENV{CMAKE_BUILD_PARALLEL_LEVEL})
endif()
message(STATUS "Building tcss_jni and the load-test libraries in ${BUILD_DIR} (-j${_jobs})")
execute_process(
  COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" -j ${_jobs}
          --target tcss_jni tcss_loadtest_needs_missing tcss_loadtest_fake_cjson tcss_loadtest_old_jni
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "maven-native.cmake: building tcss_jni in ${BUILD_DIR} failed (${_rc})")
endif()
