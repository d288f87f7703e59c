# The direction of the layers, checked on every build (cmake -P script).
#
# Relative includes ("../pipeline/job.h") reach any file of the tree
# whatever the include directories say, so the libraries' link graph alone
# cannot stop a lower module from using a higher one's header: this reads
# the #include lines of each module and fails the build on a forbidden one.
#
#   cmake -DNE_ROOT=<source dir> [-DNE_STAMP=<file>] -P NeLayers.cmake
#       checks the tree; writes NE_STAMP when it is clean
#   cmake -DNE_SELFTEST=<scratch dir> -P NeLayers.cmake
#       builds small trees in the scratch dir and checks that each bad
#       include is caught and a clean tree passes (ctest build.layers)
#   cmake -DNE_NM=<nm> -DNE_LIBS="consumer=<lib.a>;producer=<lib.a>;..."
#         -P NeLayers.cmake
#       the same rules on symbols: no library may leave a symbol undefined
#       that a library it must not use defines (a prototype written by
#       hand gets past the include check, not past this one)

cmake_minimum_required(VERSION 3.18)

# module:the modules whose headers it must not include
set(NE_LAYER_RULES
    "consumer:pipeline,producer"
    "producer:pipeline,consumer"
    "kafkaconf:pipeline,consumer,producer"
    "processor:pipeline,consumer,producer,kafkaconf")

# "module:a,b" -> module and the list a;b of what it must not use.
function(ne_layers_rule rule module_var forbidden_var)
  string(REPLACE ":" ";" items "${rule}")
  list(GET items 0 m)
  list(GET items 1 f)
  string(REPLACE "," ";" f "${f}")
  set(${module_var} "${m}" PARENT_SCOPE)
  set(${forbidden_var} "${f}" PARENT_SCOPE)
endfunction()

# Violations in the tree at root, one "file:line: ..." line each, in out.
function(ne_layers_check root out)
  set(found "")
  foreach(rule IN LISTS NE_LAYER_RULES)
    ne_layers_rule("${rule}" module rule_items)
    # the headers of the forbidden modules, by file name: an include of a
    # bare name reaches them through an include directory
    set(forbidden_names "")
    foreach(f IN LISTS rule_items)
      file(GLOB_RECURSE hdrs "${root}/${f}/*.h")
      foreach(h IN LISTS hdrs)
        get_filename_component(n "${h}" NAME)
        list(APPEND forbidden_names "${n}")
        set(owner_${n} "${f}")
      endforeach()
    endforeach()
    file(GLOB_RECURSE srcs "${root}/${module}/*.c" "${root}/${module}/*.h")
    foreach(src IN LISTS srcs)
      get_filename_component(dir "${src}" DIRECTORY)
      file(RELATIVE_PATH rel_src "${root}" "${src}")
      file(STRINGS "${src}" lines)
      set(lineno 0)
      foreach(line IN LISTS lines)
        math(EXPR lineno "${lineno} + 1")
        if(NOT line MATCHES "^[ \t]*#[ \t]*include(_next)?[ \t]*[<\"]([^>\"]+)[>\"]")
          continue()
        endif()
        set(inc "${CMAKE_MATCH_2}")
        set(bad "")
        set(why "")
        # where the include can land: next to the file, or from the root
        # (the include directory the tests use)
        get_filename_component(near "${inc}" ABSOLUTE BASE_DIR "${dir}")
        get_filename_component(top "${inc}" ABSOLUTE BASE_DIR "${root}")
        foreach(f IN LISTS rule_items)
          foreach(cand IN ITEMS "${near}" "${top}")
            string(FIND "${cand}" "${root}/${f}/" pos)
            if(pos EQUAL 0)
              set(bad "${f}")
            endif()
          endforeach()
        endforeach()
        if(NOT bad AND NOT EXISTS "${near}" AND NOT EXISTS "${top}")
          get_filename_component(n "${inc}" NAME)
          if(n IN_LIST forbidden_names)
            set(bad "${owner_${n}}")
            set(why " (${n} is found only there)")
          endif()
        endif()
        if(bad)
          list(APPEND found
               "${rel_src}:${lineno}: #include \"${inc}\": ${module}/ must not include ${bad}/${why}")
        endif()
      endforeach()
    endforeach()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

# Fail with every violation in found, or write NE_STAMP when it is empty.
function(ne_layers_finish found)
  if(NOT found)
    if(NE_STAMP)
      file(WRITE "${NE_STAMP}" "clean\n")
    endif()
    return()
  endif()
  list(LENGTH found n)
  string(REPLACE ";" "\n  " lines "${found}")
  message(FATAL_ERROR
          "layer check: ${n} forbidden use(s):\n  ${lines}\n"
          "consumer/ and producer/ use neither each other nor pipeline/; "
          "pipeline/ joins them (cmake/NeLayers.cmake, README Layout).")
endfunction()

if(NE_SELFTEST)
  set(t "${NE_SELFTEST}")
  file(REMOVE_RECURSE "${t}")
  foreach(d consumer producer pipeline kafkaconf processor config)
    file(MAKE_DIRECTORY "${t}/${d}")
  endforeach()
  file(WRITE "${t}/pipeline/job.h" "\n")
  file(WRITE "${t}/pipeline/workers.h" "\n")
  file(WRITE "${t}/consumer/consumer.h" "\n")
  file(WRITE "${t}/producer/producer.h" "\n")
  file(WRITE "${t}/config/config.h" "\n")
  file(WRITE "${t}/kafkaconf/kafkaconf.h" "#include \"../config/config.h\"\n")
  file(WRITE "${t}/pipeline/pipeline.c"
       "#include \"../consumer/consumer.h\"\n#include \"../producer/producer.h\"\n")
  file(WRITE "${t}/producer/producer.c"
       "#include \"producer.h\"\n#include \"../kafkaconf/kafkaconf.h\"\n#include <stdio.h>\n")
  ne_layers_check("${t}" found)
  if(found)
    message(FATAL_ERROR "selftest: a clean tree was refused: ${found}")
  endif()
  # each bad include, alone in an otherwise clean tree, must be caught
  set(cases
      "consumer/bad.c|#include \"../pipeline/job.h\""
      "consumer/bad.h|#include \"../producer/producer.h\""
      "producer/bad.c|  #  include \"../consumer/consumer.h\""
      "producer/bad.c|#include <pipeline/workers.h>"
      "producer/bad.c|#include \"pipeline/job.h\""
      "producer/bad.c|#include \"workers.h\""
      "kafkaconf/bad.c|#include \"../producer/producer.h\""
      "processor/bad.c|#include \"../consumer/consumer.h\"")
  foreach(c IN LISTS cases)
    string(FIND "${c}" "|" bar)
    string(SUBSTRING "${c}" 0 ${bar} file)
    math(EXPR from "${bar} + 1")
    string(SUBSTRING "${c}" ${from} -1 text)
    file(WRITE "${t}/${file}" "/* selftest */\n${text}\n")
    ne_layers_check("${t}" found)
    file(REMOVE "${t}/${file}")
    list(LENGTH found n)
    if(NOT n EQUAL 1 OR NOT found MATCHES "^${file}:2: ")
      message(FATAL_ERROR "selftest: '${text}' in ${file} gave: [${found}]")
    endif()
    message(STATUS "caught: ${found}")
  endforeach()
  file(REMOVE_RECURSE "${t}")
  message(STATUS "layer check selftest: ok")
  return()
endif()

# Global symbols of lib: defined ones in def, undefined ones in undef.
function(ne_layers_symbols lib def undef)
  execute_process(COMMAND "${NE_NM}" -g "${lib}" OUTPUT_VARIABLE out
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "layer check: ${NE_NM} ${lib}: ${err}")
  endif()
  string(REGEX MATCHALL "[0-9a-f]+ [BDRTVW] [A-Za-z_][A-Za-z0-9_]*" d "${out}")
  string(REGEX REPLACE "[0-9a-f]+ [A-Z] " "" d "${d}")
  string(REGEX MATCHALL " U [A-Za-z_][A-Za-z0-9_]*" u "${out}")
  string(REPLACE " U " "" u "${u}")
  set(${def} "${d}" PARENT_SCOPE)
  set(${undef} "${u}" PARENT_SCOPE)
endfunction()

if(NE_LIBS)
  foreach(pair IN LISTS NE_LIBS)
    string(REPLACE "=" ";" kv "${pair}")
    list(GET kv 0 m)
    list(GET kv 1 lib)
    ne_layers_symbols("${lib}" def_${m} undef_${m})
    set(have_${m} 1)
  endforeach()
  set(found "")
  foreach(rule IN LISTS NE_LAYER_RULES)
    ne_layers_rule("${rule}" module rule_items)
    if(NOT have_${module})
      continue()
    endif()
    foreach(f IN LISTS rule_items)
      if(NOT have_${f})
        continue()
      endif()
      foreach(sym IN LISTS undef_${module})
        if(sym IN_LIST def_${f})
          list(APPEND found "${module}/ uses ${sym}, defined in ${f}/")
        endif()
      endforeach()
    endforeach()
  endforeach()
  ne_layers_finish("${found}")
  return()
endif()

if(NOT NE_ROOT)
  message(FATAL_ERROR "usage: cmake -DNE_ROOT=<source dir> -P NeLayers.cmake")
endif()
get_filename_component(NE_ROOT "${NE_ROOT}" ABSOLUTE)
ne_layers_check("${NE_ROOT}" found)
ne_layers_finish("${found}")
