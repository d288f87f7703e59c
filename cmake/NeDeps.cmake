# Find a dependency with pkg-config, check its minimum version and, when it
# is missing, say which Debian package provides it.
function(ne_require target module min_version debian_pkg)
  pkg_check_modules(${target} IMPORTED_TARGET "${module}>=${min_version}")
  if(NOT ${target}_FOUND)
    pkg_check_modules(${target}_ANY QUIET ${module})
    if(${target}_ANY_FOUND)
      message(FATAL_ERROR "${module} ${${target}_ANY_VERSION} is too old: "
                          "newsenrich needs >= ${min_version} "
                          "(Debian package ${debian_pkg})")
    else()
      message(FATAL_ERROR "${module} not found: install it with "
                          "'apt-get install ${debian_pkg}'")
    endif()
  endif()
endfunction()
