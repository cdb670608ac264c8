#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_ios/show_line/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_line::ast::Row, status, tty, line, type, rotary, acc_out,
                          acc_in)
