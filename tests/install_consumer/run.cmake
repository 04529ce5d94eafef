# ctest driver for the install_consumer test:
#   cmake -DBUILD_DIR=<foiguard build> -DSRC=<this folder> -DBIN=<scratch folder>
#         [-DCXX=<compiler>] -P run.cmake
# Installs the built foiguard into a scratch prefix, then configures, builds and
# runs the consumer against that prefix only. Any failing step fails the test.
foreach(var BUILD_DIR SRC BIN)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run.cmake: -D${var}=... is required")
  endif()
endforeach()

set(prefix ${BIN}/prefix)
set(consumer_build ${BIN}/build)
file(REMOVE_RECURSE ${BIN})
file(MAKE_DIRECTORY ${BIN})

function(run_step name)
  execute_process(COMMAND ${ARGN}
                  RESULT_VARIABLE status
                  OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "install_consumer: ${name} failed (${status})\n${out}\n${err}")
  endif()
  message(STATUS "install_consumer: ${name} ok")
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

run_step("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

set(configure_args -S ${SRC} -B ${consumer_build} -DCMAKE_BUILD_TYPE=Release
                   -DCMAKE_PREFIX_PATH=${prefix})
if(DEFINED CXX)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER=${CXX})
endif()
run_step("configure consumer" ${CMAKE_COMMAND} ${configure_args})
run_step("build consumer" ${CMAKE_COMMAND} --build ${consumer_build})
run_step("run consumer" ${consumer_build}/foiguard_consumer)
message(STATUS "install_consumer: ${step_output}")
