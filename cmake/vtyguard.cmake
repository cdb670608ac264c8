# Project-wide compile settings and the helpers every folder uses.

add_library(vtyguard_options INTERFACE)
target_include_directories(vtyguard_options INTERFACE ${PROJECT_SOURCE_DIR})
target_compile_options(vtyguard_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                  -Wold-style-cast -Wcast-align)
if(VTYGUARD_WERROR)
  target_compile_options(vtyguard_options INTERFACE -Werror)
endif()
if(VTYGUARD_SANITIZE)
  target_compile_options(vtyguard_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                    -fno-sanitize-recover=undefined)
  target_link_options(vtyguard_options INTERFACE -fsanitize=address,undefined)
endif()
if(VTYGUARD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "VTYGUARD_FUZZ needs clang (CXX=clang++)")
  endif()
  # Coverage instrumentation everywhere; only the fuzz targets link libFuzzer's main.
  target_compile_options(vtyguard_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

# A Spirit X3 grammar translation unit. Kept as its own object library so each grammar is
# compiled once, alone (about a minute and 1-2 GB each), and never through a widely included
# header.
function(vtyguard_add_grammar name)
  cmake_parse_arguments(G "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(${name} STATIC ${G_SOURCES})
  target_link_libraries(${name} PUBLIC vtyguard_parser_api ${G_DEPENDS} PRIVATE Boost::headers)
endfunction()

# A command parser: its grammar, its conversion to the model, and `register.cpp`, which must
# define `void vtyguard_register_<name>(vtyguard::parsers::Registry&)`.
function(vtyguard_add_parser name)
  cmake_parse_arguments(P "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(${name} STATIC ${P_SOURCES})
  target_link_libraries(${name} PUBLIC vtyguard_parser_api ${P_DEPENDS} PRIVATE Boost::headers)
  set_property(GLOBAL APPEND PROPERTY VTYGUARD_PARSERS ${name})
endfunction()
