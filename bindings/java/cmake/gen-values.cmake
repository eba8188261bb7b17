# Generates TcssValues.java from the values block of include/tcss/tcss.h (the
# "@name The API's values and the library's defaults" group), so the Java
# binding and the Jenkins plugin never carry their own copy of a list, default
# or limit. Also the members of the enums a binding passes or receives as
# numbers (tcss_error_code, tcss_update_policy, tcss_scan_outcome), as ints
# named without the TCSS_ prefix (ENOTFOUND, UPDATE_AUTO, SCAN_PASSED, ...).
# Run at build time: cmake -DHEADER=... -DOUTPUT=... -P gen-values.cmake
if(NOT HEADER OR NOT OUTPUT)
  message(FATAL_ERROR "usage: cmake -DHEADER=tcss.h -DOUTPUT=TcssValues.java -P gen-values.cmake")
endif()
file(STRINGS "${HEADER}" _lines)
set(_in_block FALSE)
set(_doc "")
set(_body "")
set(_enum_body "")
set(_enum_count 0)
set(_count 0)
set(_enum "")
foreach(_line IN LISTS _lines)
  if(_line MATCHES "^typedef enum (tcss_error_code|tcss_update_policy|tcss_scan_outcome) \\{")
    set(_enum "${CMAKE_MATCH_1}")
    continue()
  endif()
  if(_enum)
    if(_line MATCHES "^}")
      set(_enum "")
    elseif(_line MATCHES "^    TCSS_([A-Z0-9_]+) = (-?[0-9]+),?")
      string(APPEND _enum_body "    /** enum ${_enum}: TCSS_${CMAKE_MATCH_1}. */\n")
      string(APPEND _enum_body "    public static final int ${CMAKE_MATCH_1} = ${CMAKE_MATCH_2};\n")
      math(EXPR _enum_count "${_enum_count} + 1")
    endif()
    continue()
  endif()
  if(_line MATCHES "@name The API's values")
    set(_in_block TRUE)
    continue()
  endif()
  if(NOT _in_block)
    continue()
  endif()
  if(_line MATCHES "^/\\*\\* @} \\*/")
    set(_in_block FALSE)
    continue()
  endif()
  if(_line MATCHES "^/\\*\\* (.*) \\*/$")
    set(_doc "${CMAKE_MATCH_1}")
    continue()
  endif()
  if(NOT _line MATCHES "^#define TCSS_([A-Z0-9_]+)[ ]+(\"[^\"]*\"|\\(?-?[0-9]+\\)?)[ ]*(/\\*\\*< (.*) \\*/)?$")
    if(_line MATCHES "^#define")
      message(FATAL_ERROR "gen-values: cannot read '${_line}' in ${HEADER}")
    endif()
    continue()
  endif()
  set(_name "${CMAKE_MATCH_1}")
  set(_value "${CMAKE_MATCH_2}")
  if(CMAKE_MATCH_4)
    set(_doc "${CMAKE_MATCH_4}")
  endif()
  if(_doc)
    string(REPLACE "*/" "* /" _doc "${_doc}")
    string(APPEND _body "    /** ${_doc} */\n")
  endif()
  if(_value MATCHES "^\"")
    string(APPEND _body "    public static final String ${_name} = ${_value};\n")
    if(_name MATCHES "_TYPES$")
      string(REGEX REPLACE "^\"(.*)\"$" "\\1" _items "${_value}")
      string(REPLACE "," "\", \"" _items "${_items}")
      string(APPEND _body "    /** {@link #${_name}} as a list. */\n")
      string(APPEND _body "    public static final List<String> ${_name}_LIST = List.of(\"${_items}\");\n")
    endif()
  else()
    string(REGEX REPLACE "[()]" "" _value "${_value}")
    string(APPEND _body "    public static final int ${_name} = ${_value};\n")
  endif()
  set(_doc "")
  math(EXPR _count "${_count} + 1")
endforeach()
if(_count LESS 5)
  message(FATAL_ERROR "gen-values: found only ${_count} values in ${HEADER}; has the values block moved?")
endif()
if(NOT _enum_count OR _enum_count LESS 17)
  message(FATAL_ERROR "gen-values: found only ${_enum_count} enum members in ${HEADER} (tcss_error_code, "
                      "tcss_update_policy, tcss_scan_outcome); have they moved?")
endif()
set(_java "// Generated from include/tcss/tcss.h by bindings/java/cmake/gen-values.cmake. Do not edit.
package com.tencentcloud.tcss;

import java.util.List;

/**
 * The API's values and libtcss's defaults and limits, read from the C header at
 * build time: the one source the binding and the adapters use for lists,
 * defaults and limits.
 */
public final class TcssValues {
    private TcssValues() {
    }

${_body}
${_enum_body}}
")
# Always written: the build runs this only when the header (or this script)
# is newer than the output, and an output left older would make every build
# run it again.
file(WRITE "${OUTPUT}" "${_java}")
